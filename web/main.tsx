import { render } from "solid-js/web";
import { QueryClientProvider } from "@tanstack/solid-query";
import { App } from "./App";
import { queryClient } from "./lib/query";
import { lang } from "./i18n";
import "./styles.css";

document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";

render(
  () => (
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  ),
  document.getElementById("root")!,
);
