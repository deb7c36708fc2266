export interface INotifier {
  notify(userId: string): Promise<void>;
}
