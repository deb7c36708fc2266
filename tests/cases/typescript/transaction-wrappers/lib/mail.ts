import nodemailer from "nodemailer";

const transporter = nodemailer.createTransport({ host: process.env.SMTP_HOST });

export async function sendConfirmation(to: string) {
  await transporter.sendMail({ to, subject: "Booked" });
}
