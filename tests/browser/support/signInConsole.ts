// Signs in on the console's sign-in page the way a person does: types the username and password,
// presses 登录 and waits for the inbox, the page every desk role lands on.
import type { Page } from 'playwright-core';
import { TEST_USER_PASSWORD } from '../../support/hub.ts';

/** How long the inbox may take to show after 登录 (the console loads its pages lazily). */
const INBOX_MS = 20_000;

export async function signInConsole(page: Page, username: string, password = TEST_USER_PASSWORD): Promise<void> {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('inbox-table').waitFor({ timeout: INBOX_MS });
}
