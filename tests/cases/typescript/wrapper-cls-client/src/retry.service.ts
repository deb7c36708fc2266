import { Injectable } from "@nestjs/common";

// a look-alike spelled like a wrapper: it only retries, no transaction is opened
@Injectable()
export class RetryService {
  async $tx<R>(fn: (attempt: number) => Promise<R>): Promise<R> {
    try {
      return await fn(1);
    } catch {
      return await fn(2);
    }
  }
}
