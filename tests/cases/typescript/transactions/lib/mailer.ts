export class Mailer {
  format(id: string) {
    return `order ${id}`;
  }
}
