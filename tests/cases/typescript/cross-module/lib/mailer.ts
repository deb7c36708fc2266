export const mailer = {
  async send(to: string, text: string): Promise<void> {
    await fetch("https://mail.example.com/send", { method: "POST", body: JSON.stringify({ to, text }) });
  },
};
