// A class exported the same way that builds no client: per request is fine.
class Format {
  constructor() {
    this.at = new Date();
  }
}

module.exports = Format;
