import { render } from "solid-js/web";
import { QueryClientProvider } from "@tanstack/solid-query";
import { App } from "./App";
import { queryClient } from "./lib/query";
import { lang, loadEnglish } from "./i18n";
import "./styles.css";

document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";

// A community home or notice page arrives painted, with the data it shows (worker/first-paint):
// seed the queries with it so the app renders the same content at once, then take the page's place.
const seed = document.getElementById("linli-first-data");
if (seed?.textContent) {
  try {
    for (const { key, data } of JSON.parse(seed.textContent) as { key: unknown[]; data: unknown }[])
      queryClient.setQueryData(key, data);
  } catch {
    // a damaged seed only costs the requests it would have saved
  }
}

const start = () => {
  render(
    () => (
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    ),
    document.getElementById("root")!,
  );
  document.getElementById("first-paint")?.remove();
  seed?.remove();
};
// A reader who chose English sees the first paint (in English) while its strings arrive.
if (lang() === "en") loadEnglish().then(start, start);
else start();
