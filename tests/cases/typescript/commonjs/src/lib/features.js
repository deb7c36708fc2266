// `module.exports = Class` (plante-store's GetFeatures): `new Features()` of
// `const Features = require("../lib/features")` builds this class.
const { PrismaClient } = require("@prisma/client");

class Features {
  constructor() {
    this.prisma = new PrismaClient(); // PC101
  }

  list(model) {
    return this.prisma[model].findMany();
  }
}

module.exports = Features;
