// A project class behind factories: its methods are judged by their bodies.
import axios from "axios";

export class Mailer {
  async send(to: string, body: string) {
    await axios.post("https://mail.example.com/send", { to, body });
  }

  format(body: string) {
    return body.trim();
  }
}

export function getMailer() {
  return new Mailer();
}

const shared = new Mailer();
export const sharedMailer = () => shared;

// an interface over whatever the host registered: nothing to bind its methods to
export interface MailerLike {
  send(to: string, body: string): Promise<void>;
}
export function getMailerLike(): MailerLike {
  return (globalThis as { mailer?: MailerLike }).mailer!;
}
