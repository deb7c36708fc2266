import { transporter } from "./index";

export async function sendWelcome(to: string) {
  await transporter.sendMail({ to, subject: "Welcome" });
}
