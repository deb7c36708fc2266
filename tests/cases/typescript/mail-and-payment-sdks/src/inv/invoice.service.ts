import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma.service';
import { MailService } from '../mail/mail.service';

@Injectable()
export class InvoiceService {
  constructor(private readonly prisma: PrismaService, private readonly mailService: MailService) {}

  async send(id: number, email: string) {
    return this.prisma.$transaction(async (tx) => {
      await tx.invoice.update({ where: { id }, data: { status: 'SENT' } });
      await this.mailService.sendInvoiceNotification(email); // PC201 -- nestjs-mailgun, injected two calls down
      await this.mailService.notifyViaMailgunJs(email); // PC201 -- the client mailgun.js builds
      await this.mailService.notifyViaSmtp(email); // PC201
    });
  }
}
