export interface IPointRepository {
  calculateUserPoints(userId: string): Promise<number>;
}
