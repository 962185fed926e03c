// Reference SRX engine on java.util.regex, used only to cross-check
// diglot's SRX engine (Java-regex translation + fancy-regex): for every
// position, the first rule (map order, cascade) whose beforebreak matches up
// to it and whose afterbreak matches from it decides. Written for diglot;
// see bench/segment_srx_crosscheck.sh.
import java.nio.file.*;
import java.util.*;
import java.util.regex.*;
import javax.xml.parsers.*;
import org.w3c.dom.*;

public class SrxRef {
    record Rule(boolean brk, Pattern before, Pattern after) {}
    public static void main(String[] a) throws Exception {
        String srx = a[0], lang = a[1];
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(srx);
        Element header = (Element) d.getElementsByTagNameNS("*", "header").item(0);
        boolean cascade = header != null && "yes".equals(header.getAttribute("cascade"));
        Map<String, List<Rule>> byName = new HashMap<>();
        NodeList lrs = d.getElementsByTagNameNS("*", "languagerule");
        for (int i = 0; i < lrs.getLength(); i++) {
            Element lr = (Element) lrs.item(i);
            List<Rule> rules = new ArrayList<>();
            NodeList rs = lr.getElementsByTagNameNS("*", "rule");
            for (int k = 0; k < rs.getLength(); k++) {
                Element r = (Element) rs.item(k);
                boolean brk = !"no".equals(r.getAttribute("break"));
                String b = text(r, "beforebreak"), af = text(r, "afterbreak");
                rules.add(new Rule(brk, Pattern.compile("(?:" + b + ")\\z"), Pattern.compile(af)));
            }
            byName.put(lr.getAttribute("languagerulename"), rules);
        }
        List<Rule> rules = new ArrayList<>();
        NodeList maps = d.getElementsByTagNameNS("*", "languagemap");
        for (int i = 0; i < maps.getLength(); i++) {
            Element m = (Element) maps.item(i);
            if (Pattern.compile(m.getAttribute("languagepattern"), Pattern.CASE_INSENSITIVE).matcher(lang).matches()) {
                rules.addAll(byName.get(m.getAttribute("languagerulename")));
                if (!cascade) break;
            }
        }
        java.io.BufferedReader sc = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = sc.readLine()) != null) {
            String t = line.replace("\u0003", "\n").replace("\u0004", "\r");
            List<String> segs = new ArrayList<>();
            int start = 0;
            for (int p = 1; p < t.length(); p++) {
                if (Character.isLowSurrogate(t.charAt(p))) continue;
                for (Rule r : rules) {
                    Matcher mb = r.before.matcher(t);
                    mb.useTransparentBounds(true); mb.useAnchoringBounds(true);
                    mb.region(0, p);
                    if (!mb.find()) continue;
                    Matcher ma = r.after.matcher(t);
                    ma.useTransparentBounds(true); ma.useAnchoringBounds(false);
                    ma.region(p, t.length());
                    if (!ma.lookingAt()) continue;
                    if (r.brk) { String s = t.substring(start, p).strip(); if (!s.isEmpty()) segs.add(s); start = p; }
                    break;
                }
            }
            String s = t.substring(start).strip(); if (!s.isEmpty()) segs.add(s);
            out.append(String.join("\u0001", segs).replace("\n", "\u0003").replace("\r", "\u0004")).append("\n");
        }
        java.io.PrintStream ps = new java.io.PrintStream(System.out, true, "UTF-8"); ps.print(out);
    }
    static String text(Element r, String tag) {
        NodeList n = r.getElementsByTagNameNS("*", tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent();
    }
}
