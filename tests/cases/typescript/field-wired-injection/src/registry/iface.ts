export interface UserRepo { selectUser(id: number): Promise<unknown> }
