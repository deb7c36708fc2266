import axios from "axios";

export class BankGateway {
  constructor(private readonly baseUrl: string) {}

  async initiateTransfer(amount: number, to: string) {
    const { data } = await axios.post(`${this.baseUrl}/transfers`, { amount, to });
    return data;
  }

  reference(id: string) {
    return `TR-${id}`;
  }
}
