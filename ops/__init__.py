"""Operating the dashboard: launching it as a server (tests, benchmark, load test, replicas) and driving it in
Chromium. Sits above the app's layers and is imported by none of them."""
