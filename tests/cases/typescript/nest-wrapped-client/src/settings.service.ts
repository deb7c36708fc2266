import { Injectable } from "@nestjs/common";

// builds nothing: a model-named getter of a plain class is not a client's
@Injectable()
export class SettingsService {
  private values = new Map<string, string>();
  get bill() {
    return { findFirst: (key: string) => this.values.get(key) };
  }
}
