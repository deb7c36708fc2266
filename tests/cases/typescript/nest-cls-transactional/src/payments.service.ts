import { Injectable } from "@nestjs/common";
import axios from "axios";
@Injectable()
export class PaymentsService {
  async charge(amount: number) { await axios.post("https://pay.example.com", { amount }); }
}
