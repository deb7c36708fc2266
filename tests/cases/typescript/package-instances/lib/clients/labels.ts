// A project class: its methods are the project's own code, judged by their bodies.
export class Labels {
  format(name: string) {
    return name.trim().toUpperCase();
  }
}
export const labels = new Labels();
