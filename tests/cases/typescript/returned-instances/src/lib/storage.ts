// Fields aliasing instances that other modules build.
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { s3Client } from "./s3";
import { labels } from "./labels";

export class Storage {
  private s3Client;
  private labels = labels;

  constructor() {
    this.s3Client = s3Client;
  }

  upload(key: string) {
    return this.s3Client.send(new PutObjectCommand({ Bucket: "b", Key: key }));
  }

  label(key: string) {
    return this.labels.format(key);
  }
}

export const storage = new Storage();
