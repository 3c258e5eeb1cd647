"""The Generation Study derivation's rules for the schema 1.1 and 1.2 columns, on small
hand-made inputs (no shared data needed): alias collisions, ClinVar MC -> null_allele, ClinVar
disease -> condition_id, ICoNS scores -> asqm_*/orthogonal_test. Run by
panel_derivation_rules_test.sh."""

import os
import sys
import unittest
from collections import defaultdict

sys.path.insert(0, os.path.join(sys.argv.pop(1), "panels", "tools"))
import derive_generation_study as d  # noqa: E402


def gene(symbol, hgnc_id, icons=None, mane=None, condition="c"):
    return {"symbol": symbol, "hgnc_id": hgnc_id, "_icons": icons or symbol,
            "_names": {icons or symbol, mane or symbol}, "condition_id": condition}


class Aliases(unittest.TestCase):
    def derive(self, genes, hgnc, rows=()):
        log = defaultdict(list)
        d.derive_aliases(genes, hgnc, list(rows), log)
        return {g["symbol"]: g["aliases"] for g in genes}, log

    def test_previous_symbols_and_aliases_from_hgnc_by_id(self):
        genes = [gene("TTN", "HGNC:12403")]
        hgnc = [{"hgnc_id": "HGNC:12403", "symbol": "TTN", "prev_symbol": ["CMD1G"],
                 "alias_symbol": ["TMD", "CMH9"]}]
        got, _ = self.derive(genes, hgnc)
        self.assertEqual(got["TTN"], "CMD1G,CMH9,TMD")

    def test_icons_and_mane_symbols_become_aliases(self):
        got, _ = self.derive([gene("SKIC2", "HGNC:10898", mane="SKIV2L")], [])
        self.assertEqual(got["SKIC2"], "SKIV2L")

    def test_alias_that_is_another_panel_symbol_is_dropped_and_logged(self):
        # HGNC lists B's symbol as an alias of A: annotation naming B must stay B's.
        genes = [gene("A", "HGNC:1"), gene("B", "HGNC:2")]
        hgnc = [{"hgnc_id": "HGNC:1", "symbol": "A", "alias_symbol": ["B", "A1"]}]
        got, log = self.derive(genes, hgnc)
        self.assertEqual(got["A"], "A1")
        self.assertEqual(got["B"], "")
        self.assertTrue(any("B" in s and "symbol of panel gene B" in s for s in log["aliases_dropped"]))

    def test_alias_shared_by_two_panel_genes_is_dropped_from_both(self):
        genes = [gene("A", "HGNC:1"), gene("B", "HGNC:2")]
        hgnc = [{"hgnc_id": "HGNC:1", "symbol": "A", "alias_symbol": ["X", "A1"]},
                {"hgnc_id": "HGNC:2", "symbol": "B", "prev_symbol": ["X"]}]
        got, log = self.derive(genes, hgnc)
        self.assertEqual(got, {"A": "A1", "B": ""})
        self.assertEqual(len(log["aliases_dropped"]), 2)

    def test_curated_alias_row(self):
        row = {"gene": "TAFAZZIN", "value": "TAZ", "source": "HGNC:11577 previous symbol", "_row": 9}
        got, _ = self.derive([gene("TAFAZZIN", "HGNC:11577")], [], [row])
        self.assertEqual(got["TAFAZZIN"], "TAZ")
        bad = dict(row, value="TAZ,BTHS")
        with self.assertRaises(d.DerivationError):
            self.derive([gene("TAFAZZIN", "HGNC:11577")], [], [bad])
        with self.assertRaises(d.DerivationError):
            self.derive([gene("TAFAZZIN", "HGNC:11577")], [], [dict(row, gene="NOPE")])


class NullAllele(unittest.TestCase):
    def test_null_terms(self):
        for mc in ("SO:0001587|nonsense", "SO:0001589|frameshift_variant",
                   "SO:0001575|splice_donor_variant", "SO:0001574|splice_acceptor_variant",
                   "SO:0001582|initiator_codon_variant",
                   "SO:0001587|nonsense,SO:0001619|non-coding_transcript_variant"):
            self.assertTrue(d.mc_is_null(mc), mc)

    def test_not_null_when_a_transcript_keeps_the_protein_or_no_null_term(self):
        for mc in ("", "SO:0001583|missense_variant", "SO:0001627|intron_variant",
                   "SO:0001587|nonsense,SO:0001583|missense_variant",
                   "SO:0001589|frameshift_variant,SO:0001822|inframe_deletion",
                   "SO:0001578|stop_lost"):
            self.assertFalse(d.mc_is_null(mc), mc)


class ConditionOfAnAllele(unittest.TestCase):
    CONDS = [
        {"condition_id": "jervell-and-lange-nielsen-syndrome", "name": "Jervell and Lange-Nielsen syndrome",
         "omim": "OMIM:220400", "mondo": ""},
        {"condition_id": "long-qt-syndrome-1", "name": "Long QT syndrome 1", "omim": "OMIM:192500",
         "mondo": "MONDO:0100316"},
    ]

    def test_by_omim_or_mondo_id(self):
        rec = {"CLNDISDB": "MONDO:MONDO:0100316,MedGen:C1141890,OMIM:192500", "CLNDN": "Long_QT_syndrome_1"}
        self.assertEqual(d.match_condition(rec, self.CONDS), ("long-qt-syndrome-1", ""))

    def test_by_name_when_no_id_matches(self):
        rec = {"CLNDISDB": "MedGen:C1", "CLNDN": "Jervell_and_Lange-Nielsen_syndrome"}
        self.assertEqual(d.match_condition(rec, self.CONDS)[0], "jervell-and-lange-nielsen-syndrome")

    def test_several_or_none_leave_it_empty_with_a_reason(self):
        both = {"CLNDISDB": "OMIM:220400|OMIM:192500", "CLNDN": "x"}
        cid, why = d.match_condition(both, self.CONDS)
        self.assertEqual(cid, "")
        self.assertIn("several", why)
        cid, why = d.match_condition({"CLNDISDB": "MedGen:CN169374", "CLNDN": "not_provided"}, self.CONDS)
        self.assertEqual(cid, "")
        self.assertIn("not_provided", why)
        self.assertEqual(d.match_condition(None, self.CONDS), ("", "no ClinVar record for the allele"))


class EvidenceKinds(unittest.TestCase):
    def test_vocabulary_matches_the_engine(self):
        # Same vocabulary as engine/panel is_evidence_kind (tests/unit/panel/panel_schema11_test.cpp).
        for k in ("smn1_copy_number", "other:repeat_expansion"):
            self.assertTrue(d.EVIDENCE_KIND_RE.match(k), k)
        for k in ("other:", "copy_number", "other:Repeat"):
            self.assertFalse(d.EVIDENCE_KIND_RE.match(k), k)


class IconsConditionColumns(unittest.TestCase):
    """Schema 1.2: ICoNS ASQM scores and orthogonal test per gene row, then per condition."""

    def row(self, onset="Infant", scores=("2", "3", "3", "2", "3"), ortho="Y"):
        keys = ("severity_asqm", "likelihood_asqm", "efficacy_asqm", "acceptability_asqm", "knowledge_asqm")
        r = dict(zip(keys, scores))
        r.update({"age_onset_asqm_standard": onset, "orthogonal_test_goldetaldet": ortho})
        return r

    def test_scored_row_keeps_its_values_zero_included(self):
        v = d.icons_condition_values(self.row(scores=("0", "3", "1", "2", "0")), "G")
        self.assertEqual((v["asqm_severity"], v["asqm_efficacy"], v["orthogonal_test"]), ("0", "1", "yes"))

    def test_unscored_row_gives_empty_not_zero(self):
        # ICoNS writes 0 everywhere with onset 'missing' for a gene it did not score.
        v = d.icons_condition_values(self.row(onset="missing", scores=("0",) * 5, ortho="missing"), "G")
        self.assertEqual((v["asqm_severity"], v["asqm_efficacy"], v["orthogonal_test"]), ("", "", ""))
        self.assertTrue(v["_unscored"])

    def test_unknown_values_stop_the_derivation(self):
        with self.assertRaises(d.DerivationError):
            d.icons_condition_values(self.row(scores=("4", "3", "3", "2", "3")), "G")
        with self.assertRaises(d.DerivationError):
            d.icons_condition_values(self.row(ortho="maybe"), "G")

    def test_genes_of_a_condition_combine(self):
        by_gene = {"HADHB": {"asqm_efficacy": "2"}, "HADHA": {"asqm_efficacy": "3"}, "X": {"asqm_efficacy": ""}}
        self.assertEqual(d.combine_per_gene(by_gene, "asqm_efficacy"), "HADHA:3,HADHB:2")
        self.assertEqual(d.combine_per_gene({"A": {"k": "yes"}, "B": {"k": "yes"}, "C": {"k": ""}}, "k"), "yes")
        self.assertEqual(d.combine_per_gene({"A": {"k": ""}}, "k"), "")


if __name__ == "__main__":
    unittest.main(verbosity=1)
