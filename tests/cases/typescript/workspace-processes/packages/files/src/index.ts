export { removeFile, fileKey } from "./remove";
