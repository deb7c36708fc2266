// Another pure module of the package: a one-file run on it reads no app.
export function bucketName(env: string) {
  return `acme-${env}`;
}
