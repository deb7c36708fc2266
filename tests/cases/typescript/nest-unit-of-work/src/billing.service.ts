import { Injectable } from "@nestjs/common";
import axios from "axios";
@Injectable()
export class BillingService {
  async charge(amount: number) { await axios.post("https://pay.example.com", { amount }); }
}
