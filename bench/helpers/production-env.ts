// Imported first by benchmarks that render React: React's development build (what tsx gets without NODE_ENV)
// renders several times slower than the production build the server runs, and would distort the figures.
if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: "production" });
