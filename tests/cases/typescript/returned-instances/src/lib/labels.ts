export class Labels {
  format(name: string) {
    return name.trim().toUpperCase();
  }
}
export const labels = new Labels();
