import { sleep } from '@temporalio/workflow';
export async function w(): Promise<void> {
  await sleep(1);
}
