/**
 * One IMAP LOGIN and LOGOUT: enough for Cyrus to create the account's mailboxes, and to tell that its
 * IMAP service answers. Credentials go only into the socket, never into a message.
 */
import { connect } from "node:net";

const timeoutMs = 5_000;

/** Resolves once the server says OK to LOGIN; rejects with the server's words for anything else. */
export function imapLogin(port: number, username: string, password: string): Promise<void> {
  const quoted = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`IMAP on port ${port}: no answer`)));
    socket.setEncoding("utf8");
    let received = "";
    let sent = false;
    socket.on("data", (chunk: string) => {
      received += chunk;
      if (!sent && /^\* OK/m.test(received)) {
        sent = true;
        socket.write(`l LOGIN ${quoted(username)} ${quoted(password)}\r\n`);
      }
      const answer = /^l (OK|NO|BAD)\b(.*)$/m.exec(received);
      if (answer) {
        socket.end("o LOGOUT\r\n");
        if (answer[1] === "OK") resolve();
        else reject(new Error(`IMAP on port ${port}: LOGIN refused: ${answer[1]}${answer[2] ?? ""}`));
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`IMAP on port ${port}: closed before LOGIN was answered`)));
  });
}
