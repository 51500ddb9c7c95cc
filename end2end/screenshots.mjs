// Screenshots of the pages people spend their time on, at a desktop's 1280 px and a phone's 390 px, for the
// README: the draft being written (the workspace), its history, the event page, and a draft in review. Run by `make screenshots`
// against the demo store `cargo leptos end-to-end` starts.
import { chromium } from "playwright-core";

const BASE = process.env.ACCORD_URL ?? "http://127.0.0.1:3000";
const OUT = new URL("./screenshots/", import.meta.url).pathname;

async function waitForServer() {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(BASE + "/")).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not answer within 3 minutes");
}

await waitForServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  for (const [width, height, name] of [[1280, 900, "desktop"], [390, 844, "phone"]]) {
    const context = await browser.newContext({ locale: "ru-RU", viewport: { width, height }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(BASE + "/signin");
    await page.waitForSelector("body[data-hydrated]", { state: "attached" });
    await page.fill("input[name=email]", "demo@accord.local");
    await page.fill("input[name=password]", "accord-demo");
    await Promise.all([page.waitForURL(BASE + "/"), page.click("form button[type=submit]")]);
    await Promise.all([page.waitForURL(/\/events\/[a-z0-9]+$/),
      page.click("text=Поддержка территориального общественного самоуправления >> nth=0")]);
    await page.waitForSelector(".doc-list a");
    await page.screenshot({ path: `${OUT}event-${name}.png`, fullPage: true });
    await page.click(".doc-list a >> nth=0");
    await page.waitForSelector("body[data-hydrated]", { state: "attached" });
    await page.click("[data-open-editor]");
    await page.waitForSelector(".live-editor[data-live]");
    await page.waitForSelector(".discussion .thread");
    const workspace = page.url();
    await page.screenshot({ path: `${OUT}workspace-${name}.png`, fullPage: true });
    await page.goto(workspace + "/history");
    await page.waitForSelector(".compared-text");
    await page.screenshot({ path: `${OUT}history-${name}.png`, fullPage: true });
    // The hearings' recommendations in review: the open amendment in the text under its item.
    await page.goto(BASE + "/");
    await Promise.all([page.waitForURL(/\/events\/[a-z0-9]+$/),
      page.click("text=Формирование комфортной городской среды >> nth=0")]);
    await page.click(".doc-list li:has(.state-review) a");
    await page.waitForSelector(".amendment-in-text");
    await page.screenshot({ path: `${OUT}review-${name}.png`, fullPage: true });
    await context.close();
    console.log(`screenshots at ${width} px: event, workspace, history, review`);
  }
} finally {
  await browser.close();
}
