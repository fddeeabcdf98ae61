// Reading files chosen in a file picker, for IPC commands that take base64 bytes.

/** The file's bytes as base64, built in chunks so large files do not overflow the stack. */
export async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
