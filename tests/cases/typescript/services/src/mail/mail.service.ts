// Package clients kept on the service: a nodemailer transport field, an S3 client built in
// the constructor, and a logger (no I/O).
import { Injectable, Logger } from "@nestjs/common";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import * as nodemailer from "nodemailer";

@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);
  private transporter = nodemailer.createTransport({ host: "smtp.example.com" });
  private readonly storage: S3Client;

  constructor() {
    this.storage = new S3Client({ region: "eu-west-1" });
  }

  async orderPlaced(to: string) {
    await this.transporter.sendMail({ to, subject: "Order placed" });
  }

  async archive(key: string, body: string) {
    await this.storage.send(new PutObjectCommand({ Bucket: "mail", Key: key, Body: body }));
  }

  async note(message: string) {
    this.logger.log(message);
  }
}
