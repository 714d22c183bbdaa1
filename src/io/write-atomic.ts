import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Writes via a temporary file in the same directory and a rename: readers never see half a file.
 * `mode`: the permissions the file ends with (an edited file keeps its own).
 */
export async function writeFileAtomic(file: string, content: string, mode?: number): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
    if (mode !== undefined) await fs.chmod(temp, mode);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
