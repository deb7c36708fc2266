import { Injectable } from "@nestjs/common";
import axios from "axios";
@Injectable()
export class MailService {
  async send(to: string) { await axios.post("https://mail.example.com", { to }); }
}
