import admin from "firebase-admin";
// another module's stored service object
export const messaging = admin.messaging();
