/** Carebook's Tailwind theme. Built by `cargo make css` (npm tailwindcss v3) into assets/tailwind.css. */
/** @type {import('tailwindcss').Config} */
module.exports = {
  content: ["./src/**/*.rs"],
  theme: {
    extend: {
      colors: {
        // Brand: a calm teal for trust, with a warm coral accent for calls to action.
        brand: {
          50: "#effcfa", 100: "#c9f5ee", 200: "#94eadd", 300: "#58d7c7", 400: "#2bbcad",
          500: "#129f93", 600: "#0c7f78", 700: "#0e6661", 800: "#10514e", 900: "#124441", 950: "#042927",
        },
        accent: { 400: "#fb8a6e", 500: "#f56a47", 600: "#e14e2a" },
        ink: { DEFAULT: "#0f1f2e", muted: "#4a5b6b" },
      },
      fontFamily: {
        sans: ["Inter", "ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
      },
      boxShadow: { card: "0 1px 2px rgba(15,31,46,.06), 0 4px 16px rgba(15,31,46,.06)" },
    },
  },
  plugins: [],
};
