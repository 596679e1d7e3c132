// What other modules use of reach: telling people things.
export { type Notice, notify, notifyMany } from './notify.service';
