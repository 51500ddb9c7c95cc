// Stock Yjs clients (yjs + y-websocket from npm) typing into one draft through several Accord servers, for
// server/tests/servers.rs.
// Usage: node yjs-typists.mjs TOKEN EDITS WS_BASE_1 ROOM WS_BASE_2 ROOM …
// One client per WS_BASE/ROOM pair. Each sets its presence, then types EDITS words «⟨cN.k⟩» into the first
// recommendation, 20 ms apart, at random places. Prints, as JSON, once every client holds every word and all
// texts are the same: the text, and for each client the number of other clients whose presence it saw.
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import WebSocket from "ws";

const [token, edits, ...targets] = process.argv.slice(2);
const n = targets.length / 2;
const clients = [];
for (let i = 0; i < n; i++) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(targets[2 * i], targets[2 * i + 1], doc, {
    WebSocketPolyfill: WebSocket,
    params: { token },
    disableBc: true,
  });
  provider.awareness.setLocalStateField("user", { name: `c${i}`, color: "#123456" });
  clients.push({ doc, provider, othersSeen: new Set() });
  provider.awareness.on("change", () => {
    for (const [id, state] of provider.awareness.getStates()) {
      if (id !== doc.clientID && state.user) clients[i].othersSeen.add(state.user.name);
    }
  });
}

function firstText(doc) {
  for (const section of doc.getArray("sections").toArray()) {
    if (section.get("kind") !== "recommendations") continue;
    return section.get("items").get(0)?.get("text");
  }
  return undefined;
}

const words = [];
for (let i = 0; i < n; i++) for (let k = 0; k < Number(edits); k++) words.push(`⟨c${i}.${k}⟩`);

const deadline = setTimeout(() => {
  for (const c of clients) console.error("timed out; text:", firstText(c.doc)?.toString());
  process.exit(2);
}, 40000);

function done() {
  const texts = clients.map((c) => firstText(c.doc)?.toString() ?? "");
  const everyWord = texts.every((t) => words.every((w) => t.includes(w)));
  const same = texts.every((t) => t === texts[0]);
  const present = clients.every((c) => c.othersSeen.size === n - 1);
  if (everyWord && same && present) {
    clearTimeout(deadline);
    console.log(JSON.stringify({ text: texts[0], seen: clients.map((c) => c.othersSeen.size) }));
    clients.forEach((c) => c.provider.destroy());
    process.exit(0);
  }
}

clients.forEach((c, i) => {
  c.provider.on("sync", (synced) => {
    if (!synced || c.started) return;
    c.started = true;
    const text = firstText(c.doc);
    let k = 0;
    const type = setInterval(() => {
      if (k === Number(edits)) return clearInterval(type);
      // Between words, so that no word is cut by another.
      const now = text.toString();
      const spots = [0, now.length];
      for (let j = 0; j < now.length; j++) if (now[j] === "⟩") spots.push(j + 1);
      text.insert(spots[Math.floor(Math.random() * spots.length)], `⟨c${i}.${k}⟩`);
      k++;
    }, 20);
  });
});
setInterval(done, 50);
