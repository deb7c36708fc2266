import { Injectable } from '@nestjs/common';
import { MailgunService } from 'nestjs-mailgun';
import Mailgun from 'mailgun.js';
import FormData from 'form-data';
import nodemailer from 'nodemailer';

const mg = new Mailgun(FormData).client({ username: 'api', key: process.env.MAILGUN_KEY as string });
const transporter = nodemailer.createTransport({ host: 'smtp.example.com', port: 587 });

@Injectable()
export class MailService {
  constructor(private readonly mailgunService: MailgunService) {}

  private async sendEmail(to: string) {
    await this.mailgunService.createEmail('example.com', { from: 'a@example.com', to, subject: 's', text: 't' });
  }

  // (1) qash's shape: a notification method -> this.sendEmail -> nestjs-mailgun's injected MailgunService
  async sendInvoiceNotification(to: string) {
    await this.sendEmail(to);
  }

  // (2) mailgun.js (in vocabulary/slow.py) through its documented client factory
  async notifyViaMailgunJs(to: string) {
    await mg.messages.create('example.com', { from: 'a@example.com', to, subject: 's', text: 't' });
  }

  // (3) control: nodemailer transport at module scope
  async notifyViaSmtp(to: string) {
    await transporter.sendMail({ from: 'a@example.com', to, subject: 's', text: 't' });
  }
}
