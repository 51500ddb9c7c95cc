// A stock Yjs client (yjs + y-websocket from npm) for the interoperability test in server/tests/collab.rs.
// Usage: node yjs-client.mjs WS_BASE ROOM TOKEN
// Joins the room, writes "⟨yjs⟩" at the start of the first recommendation, waits until another client has
// written "⟨yrs⟩" into it, sets its awareness, and prints the item's text as JSON.
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import WebSocket from "ws";

const [base, room, token] = process.argv.slice(2);
const doc = new Y.Doc();
const provider = new WebsocketProvider(base, room, doc, {
  WebSocketPolyfill: WebSocket,
  params: { token },
  disableBc: true,
});
const deadline = setTimeout(() => {
  console.error("timed out; text:", firstText()?.toString());
  process.exit(2);
}, 15000);

function firstText() {
  for (const section of doc.getArray("sections").toArray()) {
    if (section.get("kind") !== "recommendations") continue;
    const item = section.get("items").get(0);
    return item?.get("text");
  }
  return undefined;
}

provider.awareness.setLocalStateField("user", { name: "Yjs", color: "#123456" });
provider.on("sync", (synced) => {
  if (!synced) return;
  const text = firstText();
  text.insert(0, "⟨yjs⟩");
  const check = () => {
    if (text.toString().includes("⟨yrs⟩")) {
      clearTimeout(deadline);
      console.log(JSON.stringify({ text: text.toString() }));
      provider.destroy();
      process.exit(0);
    }
  };
  text.observe(check);
  check();
});
