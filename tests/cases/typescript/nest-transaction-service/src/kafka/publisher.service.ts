import { Injectable, OnModuleDestroy, OnModuleInit } from "@nestjs/common";
import { Kafka, Producer } from "kafkajs";

// the producer is built in onModuleInit, not in the constructor
@Injectable()
export class KafkaPublisherService implements OnModuleInit, OnModuleDestroy {
  private producer: Producer;

  async onModuleInit() {
    const kafka = new Kafka({ clientId: "app", brokers: ["localhost:9092"] });
    this.producer = kafka.producer();
    await this.producer.connect();
  }

  async onModuleDestroy() {
    await this.producer.disconnect();
  }

  async publish(topic: string, value: string) {
    await this.producer.send({ topic, messages: [{ value }] });
  }

  format(topic: string, value: string) {
    return `${topic}:${value}`;
  }
}
