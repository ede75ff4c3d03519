import "@mantine/core/styles.css";
import "@mantine/dropzone/styles.css";
import "./app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, preloadPage } from "./app.js";

preloadPage(location);

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
