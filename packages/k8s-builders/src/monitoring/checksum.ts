/** A content checksum for pod annotations: when a mounted configuration changes, the pod template changes too. */
import { createHash } from "node:crypto";

/** Hex SHA-256 of a text. Pure: same text, same checksum. */
export function checksum(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
