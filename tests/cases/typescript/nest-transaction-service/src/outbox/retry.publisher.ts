import { Injectable } from "@nestjs/common";
import { Interval } from "@nestjs/schedule";
import { TransactionService } from "../database/transaction.service";
import { KafkaPublisherService } from "../kafka/publisher.service";

@Injectable()
export class OutboxRetryPublisher {
  constructor(
    private readonly transactionService: TransactionService,
    private readonly kafka: KafkaPublisherService,
  ) {}

  @Interval(5000)
  async retry() {
    await this.transactionService.executeInTransaction(async (tx) => {
      const client = tx;
      const events = await client.outbox.findMany({ take: 10 });
      for (const event of events) {
        await this.kafka.publish(event.topic, event.value); // PC201
      }
    });
  }

  // look-alikes: fire-and-forget, a pure formatter, the publish after the transaction
  async lookalikes() {
    const rows = await this.transactionService.executeInTransaction(async (tx) => {
      const client = tx;
      const events = await client.outbox.findMany({ take: 10 });
      this.kafka.publish("fire", "and-forget");
      this.kafka.format("a", "b");
      return events;
    });
    await this.kafka.publish("after", String(rows.length));
  }
}
