import { PrismaClientOrTransaction } from "../types";

// the factory's parameter is named like a transaction client; only its calls say what it is
export const createCommentService = (tx: PrismaClientOrTransaction) => {
  return {
    createComment: async function createComment(userId: number, message: string) {
      let row = await tx.comment.create({ data: { userId, message } });
      return row;
    },
    formatComment: function formatComment(message: string) {
      return message.trim();
    },
  };
};
