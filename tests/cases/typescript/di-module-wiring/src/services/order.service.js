export class OrderService {
  constructor(orderRepository) {
    this.orderRepository = orderRepository;
  }
  run = async (id) => {
    await this.orderRepository.createTransaction(async (tx) => {
      await this.orderRepository.update(id); // PC202 -- the options object with `tx` left out
      await this.orderRepository.update2(id); // PC202
      await this.orderRepository.update3(id); // PC202
      await this.orderRepository.update(id, { tx });
      await this.orderRepository.update2(id, { tx });
      await this.orderRepository.update3(id, tx);
    });
  };
}
