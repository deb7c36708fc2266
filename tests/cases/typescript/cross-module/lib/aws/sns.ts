import { SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import Decimal from "decimal.js";

// a same-file factory that returns a package's client: its object is that package's
function getSnsClient(region: string) {
  return new SNSClient({ region });
}

const makeRate = (value: number) => new Decimal(value);

class Counter {
  count = 0;
  send(n: number) {
    this.count += n;
  }
}

function counter() {
  return new Counter();
}

export async function subscribe(topicArn: string, endpoint: string, region: string) {
  const client = getSnsClient(region);
  const data = await client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "https", Endpoint: endpoint }));
  return data.SubscriptionArn;
}

// a factory of a package object that stays in the process, and one of the project's own
// class (whose `send` only counts): neither leaves the process
export async function rate(value: number) {
  const r = makeRate(value);
  const c = counter();
  c.send(1);
  return r.toFixed(2);
}
