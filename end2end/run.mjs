// Browser tests: Debian's Chromium driven by playwright-core (each run gets a fresh temporary profile). Each scenario runs twice, hydrated and with
// JavaScript disabled, against the server `cargo leptos end-to-end` starts (it does not wait: we poll).
import { chromium } from "playwright-core";
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BASE = process.env.ACCORD_URL ?? "http://127.0.0.1:3000";
// A second Accord server on the same SurrealDB server (.ci/e2e-servers.sh): the several-servers scenario runs only then.
const BASE_B = process.env.ACCORD_URL_B;
const FIXTURE = readFileSync(new URL("../app/domain/tests/fixtures/seminar-2021-blagoveshchensk.md", import.meta.url), "utf8");
const real = (name) => readFileSync(new URL(`../app/domain/tests/fixtures/real/${name}`, import.meta.url), "utf8");
const MILKOVO = real("milkovo-zaklyuchenie-o-rezultatah-publichnyh-slushanij.txt");
const VERHOPOLE = real("verhopole-itogovyj-dokument-publichnyh-slushanij.txt");
const SEROV = real("serov-vypiska-iz-protokola-publichnyh-slushanij.txt");
let passed = 0;
let failed = 0;

async function waitForServer() {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(BASE + "/");
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not answer within 3 minutes");
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function test(name, fn) {
  if (process.env.E2E_ONLY && !name.includes(process.env.E2E_ONLY)) return;
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${e.stack ?? e}`);
  }
}

async function newContext(browser, javaScriptEnabled) {
  const context = await browser.newContext({ javaScriptEnabled, locale: "ru-RU" });
  const page = await context.newPage();
  if (javaScriptEnabled) {
    // Every navigation that loads a page waits until the WASM has hydrated it, so clicks reach Leptos. A
    // document read without a session is sent as plain HTML: nothing hydrates there.
    const goto = page.goto.bind(page);
    page.goto = async (url, opts) => {
      const r = await goto(url, opts);
      if (await page.$("script[type=module]")) await page.waitForSelector("body[data-hydrated]", { state: "attached" });
      return r;
    };
  }
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  if (process.env.E2E_DEBUG) page.on("response", (r) => { if (!r.url().includes("/pkg/")) console.log("     ", r.status(), r.url()); });
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  return { context, page, errors };
}

/// An organiser with a new event, members joined by invitation links (`roles`: [role, name] pairs) and a
/// draft started; every context is hydrated.
async function draftWithPeople(browser, stamp, roles) {
  const org = await newContext(browser, true);
  await signUp(org.page, "Анна Организатор", `anna-${stamp}@example.org`);
  await org.page.goto(BASE + "/events/new");
  await org.page.fill("input[name=title]", `Слушания ${stamp}`);
  await org.page.fill("input[name=starts_on]", "2026-12-21");
  await Promise.all([org.page.waitForURL(/\/events\/[a-z0-9]{12}$/), org.page.click("form button[type=submit]")]);
  const eventUrl = org.page.url();
  const invite = async (role) => {
    await org.page.goto(eventUrl);
    await org.page.selectOption("form:has(button:has-text('Создать ссылку-приглашение')) select[name=role]", role);
    await Promise.all([org.page.waitForURL(/invitation=/), org.page.click("button:has-text('Создать ссылку-приглашение')")]);
    return org.page.getAttribute("a.invitation-link", "href");
  };
  const people = {};
  for (const [i, [role, name]] of roles.entries()) {
    const link = await invite(role);
    const c = await newContext(browser, true);
    await signUp(c.page, name, `${role}-${i}-${stamp}@example.org`, link);
    await c.page.fill("input[name=full_name]", name);
    await Promise.all([c.page.waitForURL(eventUrl), c.page.click("button:has-text('Вступить')")]);
    people[role] ??= c;
    people[name] = c;
  }
  await org.page.goto(eventUrl);
  await Promise.all([org.page.waitForURL(/\/edit$/), org.page.click("button:has-text('Начать проект документа')")]);
  const docUrl = org.page.url().replace(/\/edit$/, "");
  return { org, people, docUrl, eventUrl };
}

/// Opens the demo round table's draft from the home page, by way of its event's page.
async function openDemoDraft(page) {
  await page.goto(BASE + "/");
  // The home page has document lists too: be on the event's page before picking its document.
  await Promise.all([page.waitForURL(/\/events\/[a-z0-9]+$/),
    page.click("text=Поддержка территориального общественного самоуправления >> nth=0")]);
  await page.click(".doc-list a >> nth=0");
}

/// Opens the live editor over a draft's text with the button above it, as a person does (a browser holding a
/// copy of the draft that its editor saved opens it by itself; the click then changes nothing), and waits for
/// it to be `status`.
async function openEditor(page, status = "online") {
  await page.waitForSelector("body[data-hydrated]", { state: "attached" });
  await page.waitForSelector("[data-open-editor]", { state: "attached" });
  await page.evaluate(() => document.querySelector("[data-open-editor]").click());
  await page.waitForSelector(`.live-editor[data-status=${status}]`);
  assert(!(await page.locator(".opening-editor").isVisible()), "the opening's message goes once the editor is in");
}

/// Opens a draft's live editor, adds a recommendation and types `text` into it.
async function typeFirstItem(page, docUrl, text) {
  const online = ".live-editor[data-status=online]";
  const item = ".section-recommendations textarea.item-text";
  await page.goto(docUrl);
  await openEditor(page);
  await page.click(".section-recommendations button.add-item");
  await page.waitForSelector(item);
  await page.keyboard.type(text);
  return { online, item };
}

const AXE = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

/// Runs axe-core (WCAG 2.1 A and AA rules) on the page; returns the serious and critical violations.
async function axeViolations(page) {
  // A control caught fading in or out (the pointer just left its section) has a blended colour that axe reads as
  // low contrast; its contrast is judged once it has settled.
  await page.evaluate(() => Promise.all(document.getAnimations()
    .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => {}))));
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

const DEMO = { email: "demo@accord.local", password: "accord-demo" };
const DELEGATE = { email: "delegate@accord.local", password: "accord-demo" };

async function signIn(page, { email, password }) {
  await page.goto(BASE + "/signin");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.click("form button[type=submit]");
  await page.waitForSelector('header a[href="/account"]');
}

async function signUp(page, name, email, next = "/") {
  await page.goto(BASE + "/signup?next=" + encodeURIComponent(next));
  await page.fill("input[name=name]", name);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", "пароль-e2e-123");
  await page.click("form button[type=submit]");
  await page.waitForSelector('header a[href="/account"]');
  await page.waitForURL(BASE + next);
}

async function importFixture(page) {
  await page.goto(BASE + "/import");
  await page.fill("textarea[name=text]", FIXTURE);
  await Promise.all([page.waitForURL(/\/import\/[a-z0-9]+$/), page.click("form button[type=submit]")]);
  const warnings = await page.textContent(".warning-list");
  assert(warnings.includes("-11"), "the preview warns about «-11»: " + warnings);
  await Promise.all([page.waitForURL(/\/documents\/[a-z0-9]+$/), page.click("text=Сохранить")]);
}

/// Pastes `text` on the import page and opens its preview.
async function previewText(page, text) {
  await page.goto(BASE + "/import");
  await page.fill("textarea[name=text]", text);
  await Promise.all([page.waitForURL(/\/import\/[a-z0-9]+$/), page.click("form button[type=submit]")]);
  await page.waitForSelector("#import-corrections");
}

/// Directories made for the run, removed at its end.
const scratch = [];

/// A Word file LibreOffice makes from `text` (one paragraph per line), as a person would save it.
function wordFileOf(text, name) {
  const dir = mkdtempSync(join(tmpdir(), "accord-e2e-"));
  scratch.push(dir);
  const source = join(dir, `${name}.txt`);
  writeFileSync(source, text);
  execFileSync("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "docx",
    "--outdir", dir, source], { stdio: "ignore", timeout: 120_000 });
  return join(dir, `${name}.docx`);
}

/// The reading view of the document page. The import preview shows the same text, and a hydrated save
/// navigates in place: the URL changes before the page does, so everything here is looked up inside the
/// document page, never in the preview it replaces.
async function checkReadingView(page) {
  const text = ".document-page .resolution";
  await page.waitForSelector(`${text} .vote`);
  const recommendations = await page.locator(`${text} .section-recommendations li.item`).count();
  assert(recommendations === 9, `9 recommendations, found ${recommendations}`);
  const vote = await page.textContent(`${text} .vote`);
  assert(vote.includes("Голосовали") && vote.includes("«ЗА»\u00a0— 25"), "vote line as the document words it: " + vote);
  const first = await page.textContent(`${text} .section-recommendations li.item .addressee`);
  assert(first.includes("Министерству экономики и внешних связей"), "first addressee: " + first);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});

try {
  await waitForServer();
  for (const js of [true, false]) {
    const mode = js ? "hydrated" : "JavaScript off";
    await test(`import the fixture through the UI and read it (${mode})`, async () => {
      const { context, page, errors } = await newContext(browser, js);
      await signIn(page, DEMO);
      await importFixture(page);
      await checkReadingView(page);
      assert(errors.length === 0, "console errors: " + errors.join("; "));
      await context.close();
    });

    await test(`a заключение is corrected in the preview before it is saved, and reads in its own form (${mode})`, async () => {
      const { context, page, errors } = await newContext(browser, js);
      await signIn(page, DEMO);
      await previewText(page, MILKOVO);
      const form = "#import-corrections";
      assert((await page.inputValue(`${form} select[name=document_kind]`)) === "conclusion", "the kind read");
      assert((await page.inputValue(`${form} select[name=event_kind]`)) === "public_hearing", "the event read");
      assert((await page.inputValue(`${form} input[name=starts_on]`)) === "2021-01-28", "the date read from «от 28.01.2021»");
      const warnings = await page.textContent(".warning-list");
      assert(warnings.includes("место"), "the missing place is flagged: " + warnings);
      const stamp = Date.now().toString(36);
      await page.fill(`${form} input[name=title]`, `Генеральный план Мильковского поселения ${stamp}`);
      await page.fill(`${form} input[name=place]`, "с. Мильково");
      // The conclusions «Рекомендовать главе …» are recommendations: the person says so.
      const kinds = await page.locator(`${form} select[name^=sections]`).evaluateAll((s) => s.map((e) => e.value));
      const conclusions = kinds.indexOf("conclusions");
      assert(conclusions >= 0, "a section of conclusions: " + kinds.join(","));
      await page.selectOption(`${form} select[name='sections[${conclusions}]']`, "recommendations");
      await Promise.all([page.waitForURL(/\/documents\/[a-z0-9]+$/), page.click(`${form} button[type=submit]`)]);
      // A draft, its event named as corrected: read, and in the editor once opened.
      assert((await page.textContent(".doc-bar")).includes(stamp), "the event takes the corrected title");
      assert((await page.textContent(".resolution")).includes("Рекомендовать главе Мильковского"), "the text as read");
      if (js) {
        await openEditor(page);
        const recommendation = await page.inputValue(".live-editor .section-recommendations textarea.item-text");
        assert(recommendation.startsWith("Рекомендовать главе Мильковского сельского поселения"), recommendation);
      }
      const markdown = await (await page.request.get(page.url() + "/export.md")).text();
      assert(markdown.startsWith("# Заключение\n\nо результатах публичных слушаний по проекту\n\n«Генеральный план"), markdown.slice(0, 200));
      assert(markdown.includes("\n\nот 28.01.2021\n\nс. Мильково\n"), "the date as written and the place given: " + markdown.slice(0, 300));
      assert(errors.length === 0, "console errors: " + errors.join("; "));
      await context.close();
    });

    await test(`a final document with a table and a protocol from a Word file read in their own forms (${mode})`, async () => {
      const { context, page, errors } = await newContext(browser, js);
      await signIn(page, DEMO);
      await previewText(page, VERHOPOLE);
      const table = ".resolution table.doc-table";
      assert((await page.locator(`${table} th`).count()) === 6, "the table's six columns");
      assert((await page.textContent(`${table} tbody tr`)).includes("открытым голосованием принят единогласно"), "the row");
      assert((await page.locator(".resolution .signature").count()) === 2, "two signatures");
      await Promise.all([page.waitForURL(/\/documents\/[a-z0-9]+$/), page.click("#import-corrections button[type=submit]")]);
      assert((await page.locator(`${table} tbody tr`).count()) === 1, "the saved document keeps its table");

      // A protocol saved as a Word file by LibreOffice: the same reading as its text.
      await page.goto(BASE + "/import");
      await page.setInputFiles("input[type=file][name=file]", wordFileOf(SEROV, "protocol"));
      await Promise.all([page.waitForURL(/\/import\/[a-z0-9]+$/), page.click("form button[type=submit]")]);
      await page.waitForSelector("#import-corrections");
      assert((await page.inputValue("#import-corrections select[name=document_kind]")) === "protocol", "a protocol");
      const cues = await page.locator(".resolution .lead-in.cue").allTextContents();
      assert(cues.includes("СЛУШАЛИ:") && cues.includes("РЕШИЛИ:"), "the protocol's parts: " + cues.join(" | "));
      const votes = await page.textContent(".resolution .section-decisions .vote");
      assert(votes.includes("37"), "the vote on the decisions: " + votes);
      assert(errors.length === 0, "console errors: " + errors.join("; "));
      await context.close();
    });

    await test(`the demo's adopted fixture is on the home page (${mode})`, async () => {
      const { context, page } = await newContext(browser, js);
      await page.goto(BASE + "/");
      // The home page also lists drafts titled «РЕКОМЕНДАЦИИ»: wait to be on the event's page.
      await Promise.all([page.waitForURL(/\/events\/[a-z0-9]+$/),
        page.click("text=Формы и методы межсекторного взаимодействия >> nth=0")]);
      await page.click("a:has-text('РЕКОМЕНДАЦИИ') >> nth=0");
      await checkReadingView(page);
      // On a 360 px phone nothing is wider than the screen, the addressee filter included.
      await page.setViewportSize({ width: 360, height: 740 });
      await page.waitForSelector(".addressee-filter select");
      const wide = await page.evaluate(() => [document.documentElement.scrollWidth,
        Math.ceil(document.querySelector(".addressee-filter select").getBoundingClientRect().right)]);
      assert(wide[0] <= 360 && wide[1] <= 360, `the page fits 360 px: page ${wide[0]} px, filter ends at ${wide[1]} px`);
      await context.close();
    });

    await test(`a visitor is not linked to a draft: told why, signs in and comes back to it (${mode})`, async () => {
      const { context, page, errors } = await newContext(browser, js);
      await page.goto(BASE + "/");
      // The demo round table's draft, whose members include the demo delegate.
      const card = page.locator(".event-card", { hasText: "Поддержка территориального общественного самоуправления" });
      const locked = card.locator(".doc-list li", { hasText: "до решения — только для участников" }).first();
      assert(await locked.count() === 1, "the home page names a draft for members");
      assert(await locked.locator("a[href^='/documents/']").count() === 0, "without a link to a page that would refuse");
      const signInHref = await locked.locator("a", { hasText: "Войдите, чтобы участвовать" }).getAttribute("href");
      const draft = decodeURIComponent(signInHref.split("next=")[1]);
      assert(/^\/documents\/[a-z0-9]+$/.test(draft), "the sign-in link comes back to the draft: " + signInHref);
      // Opened directly (an old link), the draft's page says what it is and why.
      await page.goto(BASE + draft);
      assert((await page.title()).startsWith("Только для участников"), "the refusal has a title: " + await page.title());
      const why = await page.textContent("main .error");
      assert(why.includes("до решения его читают только участники"), "it says why: " + why);
      if (js) {
        // axe-core is injected as a script, which the page's Content Security Policy forbids.
        const audit = await browser.newContext({ locale: "ru-RU", bypassCSP: true });
        const audited = await audit.newPage();
        await audited.goto(BASE + draft);
        const violations = await axeViolations(audited);
        assert(violations.length === 0, "axe-core on the refusal: " + JSON.stringify(violations));
        await audit.close();
      }
      await Promise.all([page.waitForURL(/\/signin/), page.click("main a.button")]);
      // The demo delegate, listed on the sign-in page of the demo store.
      assert((await page.textContent("main")).includes(DELEGATE.email), "the sign-in page offers the demo accounts");
      await page.fill("input[name=email]", DELEGATE.email);
      await page.fill("input[name=password]", DELEGATE.password);
      await Promise.all([page.waitForURL(BASE + draft), page.click("form button[type=submit]")]);
      await page.waitForSelector(".document-page .doc-bar");
      // The refusal is answered with its status (401), which the browser logs as a failed load.
      const unexpected = errors.filter((e) => !e.includes("status of 401"));
      assert(unexpected.length === 0, "console errors: " + unexpected.join("; "));
      await context.close();
    });

    await test(`the registry finds a recommendation by another word form (${mode})`, async () => {
      const { context, page } = await newContext(browser, js);
      await page.goto(BASE + "/");
      await page.click("header a:has-text('Реестр рекомендаций')");
      await page.waitForSelector("form.registry-search");
      await page.fill("form.registry-search input[name=q]", "муниципальный");
      await Promise.all([page.waitForURL(/registry\?q=/), page.click("form.registry-search button[type=submit]")]);
      await page.waitForSelector(".recommendation:has-text('Муниципальным образованиям')");
      await page.selectOption("form.registry-search select[name=addressee]", "Министерству экономики и внешних связей");
      await page.fill("form.registry-search input[name=q]", "");
      await Promise.all([page.waitForURL(/addressee=/), page.click("form.registry-search button[type=submit]")]);
      await page.waitForSelector(".recommendation:has-text('Министерству экономики и внешних связей')");
      // Other tests import the fixture again, so there may be several copies of it: all of them to the ministry.
      const shown = await page.locator(".recommendation .text").allTextContents();
      assert(shown.length >= 1 && shown.every((t) => t.includes("Министерству экономики и внешних связей")), "to the ministry: " + shown.join(" | "));
      await context.close();
    });

    await test(`an empty event title is refused with a message (${mode})`, async () => {
      const { context, page } = await newContext(browser, js);
      await signIn(page, DEMO);
      await page.goto(BASE + "/events/new");
      await page.fill("input[name=title]", "   ");
      await page.fill("input[name=starts_on]", "2026-05-01");
      await page.click("form button[type=submit]");
      await page.waitForSelector(".error");
      const text = await page.textContent(".error");
      assert(text.includes("Заполните поле «Название»"), "message: " + text);
      await context.close();
    });

    await test(`the language switch turns the interface English (${mode})`, async () => {
      const { context, page } = await newContext(browser, js);
      await page.goto(BASE + "/import");
      await Promise.all([page.waitForURL(BASE + "/import"), page.click("a[hreflang=en]")]);
      await page.waitForSelector("h1:has-text('Import a document')");
      assert((await page.getAttribute("html", "lang")) === "en", "lang attribute");
      await context.close();
    });
  }

  await test("the language switch stays on this site whatever its target says", async () => {
    const { context, page } = await newContext(browser, false);
    const origin = new URL(BASE).origin;
    for (const trick of ["/%5Cevil.example/x", "//evil.example/x", "/%2F/evil.example", "https://evil.example/", "/%0Ax"]) {
      const response = await page.goto(`${BASE}/lang/en?to=${trick}`);
      assert(response.status() < 500, `${trick}: ${response.status()}`);
      assert(new URL(page.url()).origin === origin && new URL(page.url()).pathname === "/", `${trick} led to ${page.url()}`);
    }
    await context.close();
  });

  await test("an edit saved on a hydrated page updates it without a reload", async () => {
    const { context, page, errors } = await newContext(browser, true);
    await signIn(page, DEMO);
    await openDemoDraft(page);
    await page.click("a:has-text('Правка формами')");
    await page.waitForSelector(".item-editor textarea");
    await page.waitForFunction(() => document.querySelector("script[type=module], link[rel=modulepreload]") !== null);
    await page.waitForTimeout(1500);
    await page.evaluate(() => (window.__marker = "kept"));
    const revision = () => page.inputValue(".editor input[name=revision] >> nth=0");
    const saved = async (before) =>
      page.waitForFunction((r) => document.querySelector(".editor input[name=revision]").value !== r, before);
    // A section of items with text; an item added there clears the form it was typed into.
    const section = page.locator("section.section-editor", { has: page.locator(".item-editor textarea[name=text]") }).first();
    const items = section.locator(".item-editor textarea[name=text]");
    const count = await items.count();
    let before = await revision();
    await section.locator("form.add-item textarea[name=text]").fill("провести выездной семинар.");
    await section.locator("form.add-item button[type=submit]").click();
    await saved(before);
    await page.waitForFunction(([n]) => document.querySelectorAll(".item-editor textarea[name=text]").length > n, [count]);
    assert((await items.nth(count).inputValue()) === "провести выездной семинар.", "the added item");
    assert((await section.locator("form.add-item textarea[name=text]").inputValue()) === "", "the add form was not cleared");
    // Text typed into one form and not saved stays while another form's save updates the page.
    await items.nth(count).fill("несохранённая правка");
    before = await revision();
    await items.first().fill("провести совместный конкурс грантов для ТОС.");
    await page.locator(".item-editor button[value=save]").first().click();
    await saved(before);
    assert((await items.first().inputValue()).includes("совместный"), "the saved item");
    assert((await items.nth(count).inputValue()) === "несохранённая правка", "unsaved text was lost: " + (await items.nth(count).inputValue()));
    assert((await page.evaluate(() => window.__marker)) === "kept", "the page was not reloaded");
    // Saved in its turn, it is not refused for the other save meanwhile: its form kept what it started from.
    before = await revision();
    await section.locator(".item-editor").nth(count).locator("button[value=save]").click();
    await saved(before);
    assert((await page.locator("[role=alert]").count()) === 0, "refused: " + (await page.locator("[role=alert]").allTextContents()));
    assert((await items.nth(count).inputValue()) === "несохранённая правка", "the second save");
    // Someone else saves the item being typed into: its form keeps what it started from through the next
    // update of the page, and its save is refused rather than written over theirs.
    await items.nth(count).fill("моя правка");
    const form = await section.locator(".item-editor").nth(count).locator("form").elementHandle();
    await page.evaluate(async (f) => {
      const theirs = new URLSearchParams(new FormData(f));
      theirs.set("text", "чужая правка");
      theirs.set("op", "save");
      await fetch(f.action, { method: "POST", body: theirs });
    }, form);
    before = await revision();
    await items.first().fill("провести совместный конкурс грантов для ТОС и НКО.");
    await page.locator(".item-editor button[value=save]").first().click();
    await saved(before);
    before = await revision();
    await section.locator(".item-editor").nth(count).locator("button[value=save]").click();
    await page.waitForSelector("[role=alert]:has-text('Документ изменили')");
    assert((await items.nth(count).inputValue()) === "моя правка", "the refused text stays in its field");
    await page.click("text=К документу");
    await page.waitForSelector("text=совместный конкурс грантов");
    await page.waitForSelector("text=чужая правка");
    const unexpected = errors.filter((e) => !e.includes("status of 409")); // the refused save's answer
    assert(unexpected.length === 0, "console errors: " + unexpected.join("; "));
    await context.close();
  });
  for (const js of [true, false]) {
    const mode = js ? "hydrated" : "JavaScript off";
    await test(`an organiser invites a delegate by link; the delegate joins and is counted (${mode})`, async () => {
      const stamp = `${Date.now()}${js ? "h" : "n"}`;
      const org = await newContext(browser, js);
      await signUp(org.page, "Анна Организатор", `anna-${stamp}@example.org`);
      await org.page.goto(BASE + "/events/new");
      await org.page.fill("input[name=title]", `Круглый стол ${stamp}`);
      await org.page.fill("input[name=starts_on]", "2026-12-20");
      await Promise.all([org.page.waitForURL(/\/events\/[a-z0-9]{12}$/), org.page.click("form button[type=submit]")]);
      const eventUrl = org.page.url();
      if (js) {
        // The event page's forms are HTML in the page; once hydrated, they post without a reload, and what is
        // typed into another form stays.
        await org.page.waitForSelector("body[data-hydrated] .event-view form", { state: "attached" });
        await org.page.evaluate(() => (window.__marker = "kept"));
        await org.page.fill("input[name=full_name]", "Черновик имени");
      }
      await Promise.all([
        org.page.waitForURL(/invitation=/),
        org.page.click("button:has-text('Создать ссылку-приглашение')"),
      ]);
      const link = await org.page.getAttribute("a.invitation-link", "href");
      assert(link && link.startsWith("/join/"), "invitation link: " + link);
      await org.page.waitForSelector(".invitation-list li");
      if (js) {
        assert((await org.page.evaluate(() => window.__marker)) === "kept", "the event page was reloaded");
        assert((await org.page.inputValue("input[name=full_name]")) === "Черновик имени", "the add-member form was reset");
      }

      const del = await newContext(browser, js);
      await signUp(del.page, "Борис Делегатов", `boris-${stamp}@example.org`, link);
      await del.page.fill("input[name=full_name]", "Борис Делегатов");
      await del.page.fill("input[name=organisation]", "АНО «Радуга»");
      await del.page.selectOption("select[name=category]", "ngo");
      await Promise.all([del.page.waitForURL(eventUrl), del.page.click("button:has-text('Вступить')")]);
      await del.page.waitForSelector("table.register");
      assert((await del.page.textContent("table.register")).includes("Борис Делегатов"), "the delegate sees the register");

      await org.page.goto(eventUrl);
      const register = await org.page.textContent("table.register");
      assert(register.includes("Борис Делегатов") && register.includes("Анна Организатор"), "register: " + register);
      await Promise.all([org.page.waitForURL(/\/edit$/), org.page.click("button:has-text('Начать проект документа')")]);
      await org.page.click("text=К документу");
      await org.page.waitForSelector("button:has-text('Считать статистику по списку участников')");
      await org.page.click("button:has-text('Считать статистику по списку участников')");
      await org.page.waitForSelector("text=приняли участие 2 человека >> visible=true");
      const stats = await org.page.textContent("table.statistics");
      assert(stats.includes("НКО и общественные организации"), "statistics: " + stats);
      for (const c of [org, del]) {
        assert(c.errors.length === 0, "console errors: " + c.errors.join("; "));
        await c.context.close();
      }
    });
  }

  await test("co-drafting: two people type into one item at once, see each other, an observer cannot type", async () => {
    const { org, people, docUrl } = await draftWithPeople(browser, `${Date.now()}c`, [["delegate", "Борис Делегатов"], ["observer", "Нина Наблюдатель"]]);
    const { online, item } = await typeFirstItem(org.page, docUrl, "провести обучение");

    const del = people.delegate.page;
    await del.goto(docUrl);
    await openEditor(del);
    await del.waitForFunction((sel) => document.querySelector(sel)?.value === "провести обучение", item);
    await org.page.waitForSelector(".presence li:has-text('Борис Делегатов')");
    await del.waitForSelector(".presence li:has-text('Анна Организатор')");

    // Both type at once: one at the start, one at the end of the same item.
    await org.page.click(item);
    await org.page.keyboard.press("End");
    await del.click(item);
    await del.keyboard.press("Home");
    await Promise.all([org.page.keyboard.type(" специалистов ТОС", { delay: 25 }), del.keyboard.type("Срочно ", { delay: 25 })]);
    const both = "Срочно провести обучение специалистов ТОС";
    await org.page.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [item, both]);
    await del.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [item, both]);
    // The other's caret is drawn in the item they are in, and the words they select are shaded in their colour.
    await org.page.waitForSelector(".section-recommendations .carets .caret[data-name='Борис Делегатов']");
    await del.locator(item).evaluate((el) => { el.focus(); el.setSelectionRange(0, 6); });
    await del.locator(item).dispatchEvent("keyup");
    await org.page.waitForSelector(".section-recommendations .carets .selection:has-text('Срочно')");

    // The observer's page shows the draft as read, without the editor, and follows the typing of the others.
    const obs = people.observer.page;
    await obs.goto(docUrl);
    await obs.waitForSelector("body[data-hydrated]", { state: "attached" });
    assert(await obs.locator(".live-editor").count() === 0, "the editor waits to be opened");
    await obs.waitForSelector(`.resolution :text("${both}")`);
    await org.page.click(item);
    await org.page.keyboard.press("End");
    await org.page.keyboard.type("!");
    await obs.waitForSelector(`.resolution :text("${both}!")`);
    await org.page.keyboard.press("Backspace");
    await obs.waitForSelector(`.resolution :text("${both}!")`, { state: "detached" });
    // Opening takes a moment (the editor's chunk, then its start): the page says so meanwhile.
    const slowly = "**/api/workspace_html*";
    await obs.route(slowly, async (route) => {
      await new Promise((done) => setTimeout(done, 1500));
      await route.continue();
    });
    await obs.evaluate(() => document.querySelector("[data-open-editor]").click());
    await obs.waitForSelector(".opening-editor", { state: "visible" });
    await openEditor(obs);
    await obs.unroute(slowly);
    await obs.waitForSelector(".notice.read-only");
    await obs.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [item, both]);
    assert(await obs.locator(item).getAttribute("readonly") !== null, "the observer's field is read-only");
    await obs.click(item);
    await obs.keyboard.type("ВЗЛОМ");
    await org.page.waitForTimeout(500);
    assert((await org.page.inputValue(item)) === both, "the observer's typing changed nothing");

    // Offline: the delegate's socket cannot reach the server; edits stay in the browser and land later.
    const offline = await people.delegate.context.newPage();
    await offline.routeWebSocket(/\/ws\/doc\//, (ws) => ws.close());
    await offline.goto(docUrl);
    await offline.waitForSelector("body[data-hydrated]", { state: "attached" });
    await openEditor(offline, "offline");
    await offline.click(item);
    await offline.keyboard.press("End");
    await offline.keyboard.type(" (офлайн)");
    await offline.close();
    assert(!(await org.page.inputValue(item)).includes("офлайн"), "nothing reached the server while offline");
    // This browser saved a copy of the draft: the editor opens by itself, and sends what was typed offline.
    const back = await people.delegate.context.newPage();
    await back.goto(docUrl);
    await back.waitForSelector(online);
    assert(!(await back.locator("[data-open-editor]").isVisible()), "the button gives way to the editor it opened");
    assert((await back.locator(".live-editor").count()) === 1, "one editor");
    await org.page.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [item, both + " (офлайн)"]);

    // Without JavaScript the page says how to edit (with forms) and its fields do not pretend to work.
    const plain = await browser.newContext({ javaScriptEnabled: false, locale: "ru-RU", storageState: await people.delegate.context.storageState() });
    const plainPage = await plain.newPage();
    await plainPage.goto(docUrl);
    await plainPage.waitForSelector(".js-needed a:has-text('Правка формами')");
    assert((await plainPage.textContent(".resolution")).includes("(офлайн)"), "without JavaScript the text is read");
    assert(await plainPage.locator(item).count() === 0, "without JavaScript no field pretends to work");
    await plain.close();

    // The reading (form editor and exports) is derived from the shared text.
    const md = await (await org.page.request.get(docUrl + "/export.md")).text();
    assert(md.includes("1. " + both + " (офлайн)"), "export: " + md);
    // The history says who changed the draft: both typists, and the words they added.
    const history = await org.context.newPage();
    await history.goto(docUrl + "/history");
    await history.waitForSelector(".journal-entry");
    const entries = await history.locator(".journal-entry").allInnerTexts();
    assert(entries.some((e) => e.includes("Анна Организатор") && e.includes("Борис Делегатов")), "journal: " + entries.join(" | "));
    assert(await history.locator(".journal ins:has-text('(офлайн)')").count() > 0, "journal shows the added words");
    // The comparison reads as the document: its numbered item with its number, and no Markdown.
    const compared = await history.textContent(".compared-text");
    assert(!/^\s*#/.test(compared) && !compared.includes("\n1. "), "no Markdown in the comparison: " + compared.slice(0, 200));
    assert(await history.locator(".compared-text .item .marker").count() > 0, "items keep their numbers");
    const font = await history.evaluate(() => getComputedStyle(document.querySelector(".compared-text")).fontFamily);
    assert(/Serif|Times|Georgia/i.test(font), "in the document's serif: " + font);
    for (const c of [org, people.delegate, people.observer]) {
      const errors = c.errors.filter((e) => !e.includes("WebSocket"));
      assert(errors.length === 0, "console errors: " + errors.join("; "));
      await c.context.close();
    }
  });
  await test("comments and amendments: a comment on selected words keeps its highlight while the other types before them; an accepted amendment changes the text for both", async () => {
    const { org, people, docUrl } = await draftWithPeople(browser, `${Date.now()}d`, [["delegate", "Борис Делегатов"]]);
    const del = people.delegate.page;
    const { online, item } = await typeFirstItem(org.page, docUrl, "провести обучение специалистов ТОС");
    await del.goto(docUrl);
    await openEditor(del);
    await del.waitForFunction((sel) => document.querySelector(sel)?.value === "провести обучение специалистов ТОС", item);

    // The delegate selects «обучение» and comments on it; the organiser's page shows it without a reload.
    await del.locator(item).evaluate((el) => { el.focus(); el.setSelectionRange(9, 17); });
    await del.locator(item).dispatchEvent("mouseup");
    await del.waitForSelector(".picked q:has-text('обучение')");
    // The picked words are the browser's: they stay in the form when the discussion arrives anew.
    await org.page.fill(".comment-form textarea[name=body]", "Первое замечание");
    await org.page.click(".comment-form button[type=submit]");
    await org.page.mouse.move(0, 0); // pointing at a thread lights it: the pointer leaves the panel
    await del.waitForSelector(".thread:has-text('Первое замечание')", { timeout: 3000 });
    const offered = await del.evaluate(() => {
      const form = document.querySelector(".comment-form");
      return [form.quote.value, form.start.value, form.querySelector("button[type=submit]").textContent];
    });
    assert(offered.join("|") === "обучение|9|Комментировать выделенное", "picked words in the form: " + offered);
    assert(await del.isVisible(".picked q:has-text('обучение')"), "the picked words stay shown");
    await del.fill(".comment-form textarea[name=body]", "Уточнить, какое обучение");
    await del.click(".comment-form button[type=submit]");
    await del.waitForSelector(".thread:has-text('Уточнить, какое обучение')");
    await org.page.waitForSelector(".thread:has-text('Уточнить, какое обучение') blockquote:has-text('обучение')", { timeout: 3000 });
    const highlighted = (page) => page.locator(".section-recommendations .marks mark.comment-mark").first().textContent();
    await org.page.waitForSelector(".section-recommendations .marks mark.comment-mark");
    assert((await highlighted(org.page)) === "обучение", "organiser's highlight: " + (await highlighted(org.page)));
    // The caret in the words lights their thread; pointing at a thread lights its words.
    await org.page.locator(item).evaluate((el) => { el.focus(); el.setSelectionRange(12, 12); });
    await org.page.locator(item).dispatchEvent("click");
    await org.page.waitForSelector(".thread.lit:has-text('Уточнить, какое обучение')");
    await org.page.locator(item).evaluate((el) => el.blur());
    await del.hover(".thread:has-text('Уточнить, какое обучение')");
    await del.waitForSelector(".section-recommendations .marks mark.comment-mark.lit");

    // The organiser types before the words: the highlight stays on them in both browsers.
    await org.page.click(item);
    await org.page.keyboard.press("Home");
    await org.page.keyboard.type("Срочно ", { delay: 20 });
    const typed = "Срочно провести обучение специалистов ТОС";
    await del.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [item, typed]);
    for (const page of [org.page, del]) {
      await page.waitForFunction(() => {
        const m = document.querySelector(".section-recommendations .marks mark.comment-mark");
        const before = m?.previousSibling?.textContent ?? "";
        return m?.textContent === "обучение" && before === "Срочно провести ";
      });
    }

    // A reply being written survives someone else's comment arriving (the thread is drawn again).
    await del.click(".thread:has-text('Уточнить, какое обучение') details.reply summary");
    await del.fill(".thread:has-text('Уточнить, какое обучение') details.reply textarea", "черновик ответа");
    await org.page.fill(".comment-form textarea[name=body]", "Общий комментарий");
    await org.page.click(".comment-form button[type=submit]");
    await del.waitForSelector(".thread:has-text('Общий комментарий')", { timeout: 3000 });
    const kept = await del.inputValue(".thread:has-text('Уточнить, какое обучение') details.reply textarea");
    assert(kept === "черновик ответа", "reply draft: " + kept);
    await del.click(".thread:has-text('Уточнить, какое обучение') details.reply button[type=submit]");
    await org.page.waitForSelector(".replies .comment:has-text('черновик ответа')", { timeout: 3000 });
    // The delegate's bell counts the organiser's comment on a draft he takes part in; its page lists it; the
    // account page sets how such notices are mailed.
    const bell = await people.delegate.context.newPage();
    await bell.goto(BASE + "/registry");
    await bell.waitForSelector(".site-header .bell .unread-count");
    await bell.click(".site-header .bell");
    await bell.waitForSelector(".notice-item.unread:has-text('Новый комментарий')");
    await bell.waitForSelector(".notice-item.unread:has-text('Общий комментарий')");
    await bell.waitForSelector("body[data-hydrated]", { state: "attached" });
    await bell.goto(BASE + "/account");
    await bell.waitForSelector("body[data-hydrated]", { state: "attached" });
    await bell.waitForSelector(".site-header .bell");
    assert(await bell.locator(".site-header .bell .unread-count").count() === 0, "read once listed");
    assert(await bell.inputValue(".notice-settings select[name=activity]") === "digest", "new comments go to the digest");
    await bell.selectOption(".notice-settings select[name=activity]", "off");
    await bell.click(".notice-settings button[type=submit]");
    await bell.waitForSelector("#notices .notice[role=status]");
    assert(await bell.inputValue(".notice-settings select[name=activity]") === "off", "the choice is kept");
    await bell.close();

    // Review: the organiser moves the draft on; both pages follow; the delegate proposes an amendment.
    await org.page.check(".stage-move.to-review input[name=confirm]");
    await org.page.click("button:has-text('Перейти к обсуждению поправок')");
    for (const page of [org.page, del]) {
      await page.waitForSelector(".badge.state-review");
      await page.waitForSelector("body[data-hydrated]", { state: "attached" });
    }
    await del.waitForSelector(".resolution mark.comment-mark:has-text('обучение')");
    // Read (not edited) in review, the words are a mark to click: its thread lights up in the margin, and
    // on a phone it opens as a sheet that closes again.
    await del.click(".resolution mark.comment-mark");
    await del.waitForSelector(".thread.lit:has-text('Уточнить, какое обучение')");
    await del.setViewportSize({ width: 390, height: 800 });
    await del.click(".resolution mark.comment-mark");
    await del.waitForSelector(".thread.sheet");
    const sheet = await del.$eval(".thread.sheet", (el) => getComputedStyle(el).position);
    assert(sheet === "fixed", "the thread opens as a sheet on a phone: " + sheet);
    await del.click(".thread.sheet .close-sheet");
    await del.waitForSelector(".thread.sheet", { state: "detached" });
    await del.setViewportSize({ width: 1280, height: 720 });
    // Words selected in the read text are offered to the comment form at once, and let go of again.
    await del.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector(".reading [data-item]"), NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode()) && !node.data.includes("специалистов"));
      const at = node.data.indexOf("специалистов");
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + "специалистов".length);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    });
    await del.dispatchEvent(".reading", "mouseup");
    await del.waitForSelector(".comment-form .picked q:has-text('специалистов')");
    const fromReading = await del.$eval(".comment-form", (f) => `${f.quote.value}|${f.start.value}|${f.item.selectedIndex}`);
    assert(fromReading === "специалистов|25|0", "the read words in the form: " + fromReading);
    await del.click(".comment-form [data-clear-picked]");
    await del.waitForSelector(".comment-form .picked", { state: "hidden" });
    assert(await del.$eval(".comment-form", (f) => f.quote.value) === "", "let go of");
    await del.click(".amendment-form summary");
    await del.selectOption(".amendment-form select[name=kind]", "replace");
    await del.fill(".amendment-form textarea[name=text]", "Срочно провести обучение всех специалистов ТОС");
    await del.fill(".amendment-form textarea[name=justification]", "Обучение нужно всем");
    await del.click(".amendment-form button[type=submit]");
    await del.waitForSelector(".amendment:has-text('Поправка 1') ins:has-text('всех')");
    await org.page.waitForSelector(".amendment:has-text('Поправка 1')", { timeout: 3000 });
    // In the text, under its item: the change word by word, decided there.
    for (const page of [org.page, del]) {
      await page.waitForSelector(".resolution li .amendment-in-text ins:has-text('всех')", { timeout: 3000 });
    }
    assert(await del.locator(".amendment-in-text .decide").count() === 0, "a delegate does not decide");
    await org.page.click(".amendment-comment summary");
    await org.page.fill(".amendment-comment textarea[name=body]", "А кого именно?");
    await org.page.click(".amendment-comment button[type=submit]");
    await del.waitForSelector(".amendment-threads .thread:has-text('А кого именно?')", { timeout: 3000 });
    // The сводка hands the draft back as Word: the amendment as a tracked change, the comments as notes.
    const summary = await people.delegate.context.newPage();
    await summary.goto(docUrl + "/summary");
    const [download] = await Promise.all([summary.waitForEvent("download"), summary.click("a.export-changes")]);
    assert(/^accord-[a-z0-9]+-changes\.docx$/.test(download.suggestedFilename()), "file: " + download.suggestedFilename());
    const word = readFileSync(await download.path());
    assert(word.length > 1000 && word.subarray(0, 2).toString() === "PK", "a Word file: " + word.length + " bytes");
    await summary.close();
    await org.page.click(".amendment-in-text:has-text('Поправка 1') .decide button:has-text('Принять')");
    const accepted = "Срочно провести обучение всех специалистов ТОС";
    for (const page of [org.page, del]) {
      await page.waitForSelector(`.resolution li:has-text('${accepted}')`, { timeout: 5000 });
      await page.waitForSelector(".amendment.status-accepted");
    }
    await del.goto(docUrl + "/summary");
    await del.waitForSelector("table.summary td:has-text('Поправка 1')");
    await del.waitForSelector("table.summary td:has-text('Принята')");
    for (const c of [org, people.delegate]) {
      const errors = c.errors.filter((e) => !e.includes("WebSocket") && !e.includes("EventSource"));
      assert(errors.length === 0, "console errors: " + errors.join("; "));
      await c.context.close();
    }
  });
  await test("voting: the organiser puts the draft to the vote, two delegates vote in their own browsers, the tally updates live, closing adopts it", async () => {
    const stamp = Date.now();
    const { org, people, docUrl } = await draftWithPeople(browser, stamp, [["delegate", "Борис Делегат"], ["delegate", "Вера Делегат"]]);
    const [boris, vera] = [people["Борис Делегат"], people["Вера Делегат"]];
    const { online } = await typeFirstItem(org.page, docUrl, "Провести обучение специалистов ТОС");
    await openEditor(org.page);
    await org.page.waitForTimeout(500);

    await org.page.goto(docUrl);
    await org.page.waitForSelector("body[data-hydrated]", { state: "attached" });
    await org.page.check(".stage-move.to-review input[name=confirm]");
    await org.page.click(".stage-move.to-review button");
    await org.page.waitForSelector(".badge.state-review");
    await org.page.waitForSelector("body[data-hydrated]", { state: "attached" });
    await org.page.check(".stage-move.to-voting input[name=confirm]");
    await org.page.click(".stage-move.to-voting button");
    await org.page.waitForSelector(".badge.state-voting");
    await org.page.waitForSelector("body[data-hydrated]", { state: "attached" });
    const sha = await org.page.textContent(".ballots .version code.sha256");
    assert(/^[0-9a-f]{64}$/.test(sha), "version digest: " + sha);

    await org.page.click(".open-ballot summary");
    await org.page.click(".open-ballot button[type=submit]");
    await org.page.waitForSelector(".ballot.open");

    for (const c of [boris, vera]) {
      await c.page.goto(docUrl);
      await c.page.waitForSelector("body[data-hydrated]", { state: "attached" });
      await c.page.waitForSelector(".ballot.open button.vote-for");
    }
    const count = (page, choice) => page.textContent(`.ballot[data-ballot='1'] .tally .${choice} dd`);
    const waitCount = (page, choice, n) =>
      page.waitForFunction(([choice, n]) => document.querySelector(`.ballot[data-ballot='1'] .tally .${choice} dd`)?.textContent === n,
        [choice, n], { timeout: 5000 });
    // The organiser opens the roll of the room; the tally's live updates leave it open.
    await org.page.click(".ballot.open details.room summary");
    await org.page.evaluate(() => (window.__marker = "kept"));
    await boris.page.click(".ballot.open button.vote-for");
    await boris.page.waitForSelector(".ballot .my-vote:has-text('За')");
    await waitCount(org.page, "for", "1");
    assert((await org.page.evaluate(() => window.__marker)) === "kept", "the organiser's page was reloaded");
    assert(await org.page.$eval(".ballot.open details.room", (d) => d.open), "the roll closed under a live update");
    await vera.page.click(".ballot.open button.vote-against");
    await waitCount(org.page, "against", "1");
    await waitCount(boris.page, "against", "1");
    await org.page.click(".ballot.open button.vote-for");
    await waitCount(vera.page, "for", "2");
    assert((await count(org.page, "abstain")) === "0", "abstained");
    if (process.env.E2E_SHOTS) await org.page.screenshot({ path: `${process.env.E2E_SHOTS}/ballot-open.png`, fullPage: true });

    await org.page.click(".ballot.open button.close-ballot");
    for (const c of [org, boris, vera]) {
      await c.page.waitForSelector(".badge.state-adopted", { timeout: 10000 });
      await c.page.waitForSelector(".resolution .vote:has-text('Голосовали: «ЗА» — 2')");
      await c.page.waitForSelector(".ballot.closed .outcome:has-text('Решение принято')");
      // The result at a glance: the chart, drawn as the ballot closed, says its figures in words.
      await c.page.waitForSelector(".ballot.closed svg.result-chart .quorum-line", { state: "attached" });
      const said = await c.page.textContent(".ballot.closed svg.result-chart desc");
      assert(said.startsWith("За — 2, Против — "), "the chart's description: " + said);
    }
    if (process.env.E2E_SHOTS) await vera.page.screenshot({ path: `${process.env.E2E_SHOTS}/ballot-closed.png`, fullPage: true });
    // The public page with the result's chart passes axe-core (injected, so the policy is bypassed).
    const reader = await browser.newContext({ locale: "ru-RU", bypassCSP: true });
    const publicPage = await reader.newPage();
    await publicPage.goto(docUrl);
    await publicPage.waitForSelector("svg.result-chart", { state: "attached" });
    const charted = await axeViolations(publicPage);
    assert(charted.length === 0, "axe-core on the chart: " + charted.join("; "));
    await reader.close();
    for (const c of [org, boris, vera]) {
      const errors = c.errors.filter((e) => !e.includes("WebSocket") && !e.includes("EventSource"));
      assert(errors.length === 0, "console errors: " + errors.join("; "));
      await c.context.close();
    }
  });
  if (BASE_B) await test("several servers: two people on two servers co-draft, comment and vote, each seeing the other live", async () => {
    const { org, people, docUrl } = await draftWithPeople(browser, `${Date.now()}s`, [["delegate", "Борис Делегатов"]]);
    const onB = (url) => url.replace(BASE, BASE_B);
    const { online, item } = await typeFirstItem(org.page, docUrl, "провести обучение");
    const del = people.delegate.page;
    await del.goto(onB(docUrl));
    await openEditor(del);
    await del.waitForFunction((sel) => document.querySelector(sel)?.value === "провести обучение", item);
    await org.page.waitForSelector(".presence li:has-text('Борис Делегатов')");
    await del.waitForSelector(".presence li:has-text('Анна Организатор')");

    await org.page.click(item);
    await org.page.keyboard.press("End");
    await del.click(item);
    await del.keyboard.press("Home");
    await Promise.all([org.page.keyboard.type(" специалистов ТОС", { delay: 25 }), del.keyboard.type("Срочно ", { delay: 25 })]);
    const both = "Срочно провести обучение специалистов ТОС";
    await org.page.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [item, both]);
    await del.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [item, both]);
    await org.page.waitForSelector(".section-recommendations .carets .caret[data-name='Борис Делегатов']");

    // A comment through B reaches the organiser's page on A without a reload.
    await del.fill(".comment-form textarea[name=body]", "Поддерживаю, но уточнить сроки");
    await del.click(".comment-form button[type=submit]");
    await del.waitForSelector(".thread:has-text('Поддерживаю, но уточнить сроки')");
    await org.page.waitForSelector(".thread:has-text('Поддерживаю, но уточнить сроки')", { timeout: 3000 });

    // The organiser moves the draft to the vote on A; the delegate's page on B follows and stops editing.
    await org.page.goto(docUrl);
    await org.page.waitForSelector("body[data-hydrated]", { state: "attached" });
    await org.page.check(".stage-move.to-review input[name=confirm]");
    await org.page.click(".stage-move.to-review button");
    await org.page.waitForSelector(".badge.state-review");
    await del.waitForSelector(".badge.state-review", { timeout: 5000 });
    await org.page.waitForSelector("body[data-hydrated]", { state: "attached" });
    await org.page.check(".stage-move.to-voting input[name=confirm]");
    await org.page.click(".stage-move.to-voting button");
    await org.page.waitForSelector(".badge.state-voting");
    await org.page.waitForSelector("body[data-hydrated]", { state: "attached" });
    await org.page.click(".open-ballot summary");
    await org.page.click(".open-ballot button[type=submit]");
    await org.page.waitForSelector(".ballot.open");

    // The delegate votes on B; the organiser's tally on A moves; the organiser closes on A; B shows the decision.
    await del.goto(onB(docUrl));
    await del.waitForSelector("body[data-hydrated]", { state: "attached" });
    await del.waitForSelector(".resolution li:has-text('" + both + "')");
    await del.click(".ballot.open button.vote-for");
    await del.waitForSelector(".ballot .my-vote:has-text('За')");
    await org.page.waitForFunction(() => document.querySelector(".ballot[data-ballot='1'] .tally .for dd")?.textContent === "1", null, { timeout: 5000 });
    await org.page.click(".ballot.open button.close-ballot");
    for (const page of [org.page, del]) {
      await page.waitForSelector(".badge.state-adopted", { timeout: 10000 });
      await page.waitForSelector(".resolution .vote:has-text('Голосовали: «ЗА» — 1')");
    }
    for (const c of [org, people.delegate]) {
      const errors = c.errors.filter((e) => !e.includes("WebSocket") && !e.includes("EventSource"));
      assert(errors.length === 0, "console errors: " + errors.join("; "));
      await c.context.close();
    }
  });
  await test("the public page of the demo's adopted fixture: accessible (axe-core), filtered by addressee, printed to PDF", async () => {
    // axe is injected as a script, which the pages' Content-Security-Policy would refuse.
    const context = await browser.newContext({ locale: "ru-RU", bypassCSP: true });
    const page = await context.newPage();
    await page.goto(BASE + "/");
    await page.waitForSelector("body[data-hydrated]", { state: "attached" });
    const pages = { home: page.url() };
    await Promise.all([page.waitForURL(/\/events\/[a-z0-9]+$/),
      page.click("text=Формы и методы межсекторного взаимодействия >> nth=0")]);
    await page.waitForSelector("body[data-hydrated]", { state: "attached" });
    pages.event = page.url();
    // Reached by a click from a hydrated page, the public page is loaded as a page of its own: plain HTML.
    await Promise.all([page.waitForEvent("load"), page.click("a:has-text('РЕКОМЕНДАЦИИ') >> nth=0")]);
    await page.waitForSelector(".resolution");
    assert((await page.locator("script[type=module]").count()) === 0, "the public page reached by a click runs the bundle");
    const docUrl = page.url();
    pages.document = docUrl;
    pages.registry = BASE + "/registry";
    pages.progress = BASE + "/registry/progress";
    pages.history = docUrl + "/history";
    for (const [name, url] of Object.entries(pages)) {
      await page.goto(url);
      if (name !== "document") await page.waitForSelector("body[data-hydrated]", { state: "attached" });
      const violations = await axeViolations(page);
      assert(violations.length === 0, `${name}: ` + violations.join("; "));
    }
    // Loaded without a session, the public page is plain HTML and CSS: no module, no WebAssembly (Leptos's
    // two one-line inline scripts that declare empty resource tables stay).
    const bundle = [];
    page.on("request", (r) => { if (r.url().includes("/pkg/") && !r.url().endsWith(".css")) bundle.push(r.url()); });
    await page.goto(docUrl);
    await page.waitForLoadState("load");
    assert(bundle.length === 0, "the public page loaded " + bundle.join(", "));
    assert((await page.locator("script[type=module], script[src]").count()) === 0, "the public page loads code");
    const og = await page.getAttribute("meta[property='og:title']", "content");
    assert(og && og.includes("РЕКОМЕНДАЦИИ"), "og:title " + og);
    await page.waitForSelector(".ballots .version, .resolution .vote");
    assert((await page.locator(".section-recommendations li.item").count()) === 9, "nine recommendations");
    await page.selectOption(".addressee-filter select[name=addressee]", "Министерству экономики и внешних связей");
    await Promise.all([page.waitForURL(/addressee=/), page.click(".addressee-filter button")]);
    await page.waitForSelector(".section-recommendations li.item");
    assert((await page.locator(".section-recommendations li.item").count()) === 1, "one recommendation to the ministry");
    await page.goto(docUrl);
    // Every export is a link on the public page; the server's PDF and Word files come back whole.
    for (const [ext, magic] of [["pdf", "%PDF-"], ["docx", "PK"], ["md", "# "], ["json", "{"]]) {
      const href = await page.getAttribute(`a[href$='/export.${ext}']`, "href");
      const body = await (await page.request.get(BASE + href)).body();
      assert(body.subarray(0, magic.length).toString() === magic, `export.${ext} starts with ${body.subarray(0, 8)}`);
    }
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    assert(pdf.length > 10000 && pdf.subarray(0, 5).toString() === "%PDF-", "a PDF of " + pdf.length + " bytes");
    await context.close();
  });

  await test("the draft's header and a decision's vote line are edited where they print; the history links each change to its place", async () => {
    const { context, page, errors } = await newContext(browser, true);
    await signIn(page, DELEGATE);
    await openDemoDraft(page);
    await openEditor(page);
    const docUrl = page.url().split("#")[0];
    const number = ".live-header textarea.doc-number";
    await page.fill(number, "№ 7");
    await page.press(number, "Enter");
    await page.waitForFunction((sel) => document.activeElement !== document.querySelector(sel), number);
    // A decision records its vote: words that are not a vote stay in the field with a message, and are not sent.
    await page.selectOption(".add-section select", "decisions");
    await page.click(".add-section button");
    const vote = ".section-decisions textarea.vote-line";
    await page.waitForSelector(vote);
    await page.fill(vote, "обсудили и разошлись");
    await page.press(vote, "Tab");
    await page.waitForSelector(".section-decisions .field-error:has-text('не прочитана')");
    assert(await page.getAttribute(vote, "aria-invalid") === "true", "the field is marked invalid");
    await page.fill(vote, "Голосовали: за — 12, против — нет");
    await page.press(vote, "Tab");
    await page.waitForSelector(".section-decisions .field-error:has-text('не прочитана')", { state: "detached" });
    // Both are in the shared text: another page opened now shows them.
    const other = await context.newPage();
    await other.goto(docUrl);
    await other.waitForSelector("body[data-hydrated]", { state: "attached" });
    await other.waitForFunction(([n, v]) => document.querySelector(n)?.value === "№ 7"
      && document.querySelector(v)?.value === "Голосовали: за — 12, против — нет", [number, vote]);
    await other.close();
    // The history's journal links the header's change to the header on the document page.
    await page.goto(docUrl + "/history");
    const link = page.locator(".journal a.place[href$='#document-header']").first();
    await link.waitFor();
    await Promise.all([page.waitForURL(/#document-header$/), link.click()]);
    await page.waitForSelector("#document-header:target");
    await openEditor(page);
    // Leave the demo draft as it was for the other scenarios.
    await page.fill(number, "");
    await page.press(number, "Enter");
    await page.click(".section-decisions .section-head button.danger");
    await page.waitForSelector(".section-decisions", { state: "detached" });
    assert(errors.length === 0, "console errors: " + errors.join("; "));
    await context.close();
  });
  await test("the demo draft's threads stand beside their items and light up with their words; the workspace, the member's history and a draft in review pass axe-core", async () => {
    // axe is injected as a script, which the page's Content-Security-Policy would refuse.
    const context = await browser.newContext({ locale: "ru-RU", bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await signIn(page, DELEGATE);
    await openDemoDraft(page);
    await page.waitForSelector("body[data-hydrated]", { state: "attached" });
    await openEditor(page);
    const thread = ".discussion .thread:has-text('Стоит указать размер грантов')";
    await page.waitForSelector(thread);
    // Beside its item: the thread's top within a line of the item's.
    await page.waitForFunction(() => {
      const t = document.querySelector(".discussion .threads > .thread");
      const item = t && document.getElementById("item-" + t.dataset.item);
      return t.textContent.includes("Стоит указать размер грантов") && item
        && Math.abs(t.getBoundingClientRect().top - item.getBoundingClientRect().top) < 40;
    });
    await page.hover(thread);
    await page.waitForSelector(".section-recommendations .marks mark.comment-mark.lit:has-text('конкурс грантов')");
    const violations = await axeViolations(page);
    assert(violations.length === 0, "axe-core on the workspace: " + violations.join("; "));
    // The member's history (with the journal's links) and a draft in review (an amendment in the text).
    const draft = page.url().split("#")[0];
    await page.goto(draft + "/history");
    await page.waitForSelector("body[data-hydrated]", { state: "attached" });
    await page.waitForSelector(".journal");
    assert((await axeViolations(page)).length === 0, "axe-core on the history: " + (await axeViolations(page)).join("; "));
    await page.goto(BASE + "/");
    await page.click("text=Формирование комфортной городской среды >> nth=0");
    await page.click(".doc-list li:has(.state-review) a");
    await page.waitForSelector(".amendment-in-text");
    await page.waitForSelector("body[data-hydrated]", { state: "attached" });
    const review = await axeViolations(page);
    assert(review.length === 0, "axe-core on the review: " + review.join("; "));
    // The bell's page and the account page with the notice settings.
    for (const path of ["/notices", "/account"]) {
      await page.goto(BASE + path);
      await page.waitForSelector("body[data-hydrated]", { state: "attached" });
      const found = await axeViolations(page);
      assert(found.length === 0, `axe-core on ${path}: ` + found.join("; "));
    }
    assert(errors.length === 0, "page errors: " + errors.join("; "));
    await context.close();
  });
  await test("the keyboard: a new item, moving it, deleting it, without leaving the text", async () => {
    const { context, page, errors } = await newContext(browser, true);
    await signIn(page, DELEGATE);
    await openDemoDraft(page);
    await openEditor(page).catch(async (e) => {
      throw new Error(`${e.message}\n     at ${page.url()}: ${(await page.textContent("main")).slice(0, 400)}`);
    });
    await page.click(".shortcuts summary");
    assert((await page.textContent(".shortcuts dl")).includes("новый пункт после этого"), "the keys are listed");
    const items = ".section-recommendations textarea.item-text";
    const texts = () => page.$$eval(items, (all) => all.map((t) => t.value));
    const before = await texts();
    await page.focus(`${items} >> nth=0`);
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [items, before.length + 1]);
    await page.waitForFunction(() => document.activeElement?.matches(".section-recommendations textarea.item-text")
      && document.activeElement.value === "");
    await page.keyboard.type("Пункт с клавиатуры");
    await page.waitForFunction((sel) => document.querySelectorAll(sel)[1]?.value === "Пункт с клавиатуры", items);
    await page.keyboard.press("Alt+ArrowUp");
    await page.waitForFunction((sel) => document.querySelectorAll(sel)[0]?.value === "Пункт с клавиатуры", items);
    await page.waitForFunction(() => document.activeElement?.value === "Пункт с клавиатуры");
    // A sub-item and back: its field is drawn again, and the caret comes back to it.
    await page.keyboard.press("Alt+ArrowRight");
    await page.waitForFunction(() => document.activeElement?.closest(".live-item")?.classList.contains("depth-1")
      && document.activeElement.value === "Пункт с клавиатуры");
    await page.keyboard.press("Alt+ArrowLeft");
    await page.waitForFunction(() => document.activeElement?.closest(".live-item")?.classList.contains("depth-0")
      && document.activeElement.value === "Пункт с клавиатуры");
    assert(page.url().includes("/documents/"), "Alt+← did not take the browser back");
    await page.keyboard.press("Alt+ArrowLeft");
    await page.waitForTimeout(300);
    assert(page.url().includes("/documents/"), "nor where it does not apply");
    await page.keyboard.press("Control+Shift+Backspace");
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [items, before.length]);
    assert(JSON.stringify(await texts()) === JSON.stringify(before), "back as it was: " + JSON.stringify(await texts()));
    assert(errors.length === 0, "console errors: " + errors.join("; "));
    await context.close();
  });
  // Last: it signs in as the demo organiser, whose sign-ins are limited to ten a minute.
  await test("without JavaScript, an open amendment stands in the text under its item and the organiser rejects it there", async () => {
    const { context, page } = await newContext(browser, false);
    await signIn(page, DEMO);
    await page.goto(BASE + "/");
    await page.click("text=Формирование комфортной городской среды >> nth=0");
    await page.click(".doc-list li:has(.state-review) a");
    const inText = ".resolution li .amendment-in-text";
    await page.waitForSelector(`${inText} ins:has-text('не менее 60')`);
    await page.fill(`${inText} input[name=reason]`, "Нет средств в бюджете");
    await page.click(`${inText} button:has-text('Отклонить')`);
    await page.waitForSelector(".amendment.status-rejected:has-text('Нет средств в бюджете')");
    assert(await page.locator(".amendment-in-text").count() === 0, "a decided amendment leaves the text");
    // On a 360 px phone no page the organiser works in is wider than the screen: wide tables scroll in their box.
    await page.setViewportSize({ width: 360, height: 740 });
    const docUrl = page.url().split("?")[0];
    await page.click(".doc-bar a >> nth=0");
    await page.waitForSelector("table.register");
    for (const url of [page.url(), docUrl, docUrl + "/history"]) {
      await page.goto(url);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= 360, `${url} fits 360 px: ${width} px`);
    }
    await context.close();
  });
} finally {
  await browser.close();
  for (const dir of scratch) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      console.error(`cannot remove ${dir}: ${e.message}`);
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
