import { S3 } from "@aws-sdk/client-s3";

const storage = new S3({ region: process.env.REGION });
export default storage;
