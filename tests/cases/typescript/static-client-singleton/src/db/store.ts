import { MemoryStore } from "./memory";

// a static singleton that holds no client: its `user.findMany` is the store's
export class Store {
    private static store = new MemoryStore();

    static getStore(): MemoryStore {
        return this.store;
    }
}

export class Clients {
    private static label = "primary";

    static getLabel() {
        return this.label;
    }
}
