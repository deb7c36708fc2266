import { prisma } from '../../prisma/client.js';
// node_post_count's wrapper: the shared module client torn down after every transaction
export const TransactionWrapper = async function (callback) {
  try {
    await prisma.$transaction(callback);
  } finally {
    await prisma.$disconnect(); // PC104 -- reached from POST /signup, POST /posts and POST /orders
  }
};
// the look-alike that leaves the client alone
export const SafeTransaction = async function (callback) {
  return prisma.$transaction(callback);
};
