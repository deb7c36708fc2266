export class BaseUrlMailer {
  async uploadReceipt(id: string) {
    return `receipt ${id}`;
  }
}
