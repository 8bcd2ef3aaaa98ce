// Progress of a roster import: asks the server every second how many rows
// are written and shows it; when the import ends, loads the result page.
(function () {
  var box = document.getElementById("roster-progress");
  if (!box || !window.fetch) return;
  var bar = box.querySelector("progress");
  var done = box.querySelector("[data-done]");
  var total = box.querySelector("[data-total]");
  var hint = box.querySelector("[data-hint]");
  var failures = 0;

  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      })
      .then(function (st) {
        failures = 0;
        bar.max = Math.max(st.total, 1);
        bar.value = st.done;
        done.textContent = st.done;
        total.textContent = st.total;
        if (st.state === "done") {
          window.location.replace(box.getAttribute("data-done-url"));
          return;
        }
        setTimeout(poll, 1000);
      })
      .catch(function () {
        failures++;
        if (failures >= 5) {
          hint.textContent = "暂时无法获取进度（网络或登录已过期）。导入仍在服务器上进行，请稍后刷新本页查看结果。";
          return;
        }
        setTimeout(poll, 2000);
      });
  }
  setTimeout(poll, 1000);
})();
