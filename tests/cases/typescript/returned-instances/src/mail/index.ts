// a barrel
export { transporter } from "./transport";
export * from "./mailer";
