// Look-alikes: factories of a project class and of a package that does no I/O.
import Decimal from "decimal.js";

export class Money {
  constructor(private cents: number) {}
  format(): string {
    return (this.cents / 100).toFixed(2);
  }
}

export function money(cents: number) {
  return new Money(cents);
}

export function decimal(value: number) {
  return new Decimal(value);
}

export async function priceLabel(cents: number): Promise<string> {
  const m = money(cents);
  return `${m.format()} ${decimal(cents).toFixed(2)}`;
}
